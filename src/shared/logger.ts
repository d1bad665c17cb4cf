import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Paths that may carry personal or special category data (UK GDPR art. 9). They are removed
 * before a line is written, as a second line of defence: code logs codes and ids, not content.
 */
const redactedPaths = [
  'text',
  'value',
  'activity',
  'body',
  'data',
  'question',
  'answer',
  'concern',
  'narrative',
  'name',
  'password',
  'secret',
  'token',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.text',
  '*.value',
  '*.name',
  '*.body',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service: 'safeguarding-assistant' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
