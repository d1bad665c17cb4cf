import { randomUUID } from 'node:crypto';

/** A short id to quote to support; it links a user-facing apology to the log line. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}
