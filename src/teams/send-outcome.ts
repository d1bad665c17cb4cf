import { z } from 'zod';

/** Every outbound send ends as exactly one of these (after retries where retrying makes sense). */
export type SendOutcome =
  | { kind: 'sent'; activityId: string | undefined; conversationId: string }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'recipientGone'; status: number }
  | { kind: 'failed'; status: number | undefined };

/** Statuses worth another try: Teams throttling and transient gateway errors. */
const transientStatuses = new Set([408, 412, 429, 500, 502, 503, 504]);

export function isTransient(status: number | undefined): boolean {
  return status === undefined || transientStatuses.has(status);
}

/** 403 (app blocked / user left) and 404 (conversation gone) will not heal by retrying. */
export function isRecipientGone(status: number | undefined): boolean {
  return status === 403 || status === 404;
}

const restErrorSchema = z.object({
  statusCode: z.number().optional(),
  status: z.number().optional(),
  response: z
    .object({
      status: z.number().optional(),
      headers: z.unknown().optional(),
    })
    .optional(),
});

/** The HTTP status and Retry-After of an error thrown by the connector client, when it has them. */
export function describeSendError(error: unknown): {
  status: number | undefined;
  retryAfterMs: number | undefined;
} {
  const parsed = restErrorSchema.safeParse(error);
  if (!parsed.success) return { status: undefined, retryAfterMs: undefined };
  const status = parsed.data.statusCode ?? parsed.data.status ?? parsed.data.response?.status;
  return { status, retryAfterMs: retryAfterFrom(parsed.data.response?.headers) };
}

function retryAfterFrom(headers: unknown): number | undefined {
  let raw: unknown;
  if (headers instanceof Headers) raw = headers.get('retry-after');
  else if (headers && typeof headers === 'object' && 'get' in headers && typeof headers.get === 'function') {
    raw = headers.get('retry-after');
  } else if (headers && typeof headers === 'object') {
    raw = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(raw));
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
