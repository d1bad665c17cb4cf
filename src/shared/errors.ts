/**
 * A catalogue of coded errors. The code is what we log and show (with a correlation id);
 * messages shown to users never carry the content of a concern or a question.
 */
export const errorCodes = {
  CONFIG_INVALID: 'The configuration is invalid.',
  ACTIVITY_INVALID: 'The activity is malformed.',
  ACTIVITY_TOO_LARGE: 'The message is too large.',
  TENANT_NOT_ALLOWED: 'This tenant is not allowed to use the bot.',
  CHANNEL_NOT_ALLOWED: 'This channel is not supported.',
  VERB_UNKNOWN: 'This card action is not recognised.',
  VERB_DATA_INVALID: 'The card action carried invalid data.',
  ROLE_FORBIDDEN: 'You do not have permission to do that.',
  NOT_FOUND: 'That item could not be found.',
  CONFLICT: 'Someone else changed this item first.',
  STEP_OUT_OF_ORDER: 'That form step is not the one the form is on.',
  DATABASE_UNAVAILABLE: 'The database is not reachable.',
  GRAPH_FAILED: 'Microsoft Graph did not answer as expected.',
  GROUP_NOT_FOUND: 'That group does not exist in Microsoft Graph.',
  SEND_FAILED: 'A message could not be delivered.',
  UPLOAD_FAILED: 'The file could not be uploaded.',
  KNOWLEDGE_DIR_MISSING: 'The knowledge folder does not exist.',
  INTERNAL: 'Something went wrong.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Safe to show to the user and to log: never built from user content. */
  readonly publicMessage: string;

  constructor(code: ErrorCode, publicMessage?: string, options?: { cause?: unknown }) {
    super(publicMessage ?? errorCodes[code], options);
    this.name = 'AppError';
    this.code = code;
    this.publicMessage = publicMessage ?? errorCodes[code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The code of any thrown value, for logs: an AppError's own code, otherwise INTERNAL. */
export function errorCodeOf(error: unknown): ErrorCode {
  return isAppError(error) ? error.code : 'INTERNAL';
}
