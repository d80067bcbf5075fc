import { ErrorCode, type ErrorBody } from './protocol.js';

/** `error` if it is an Error, else an Error saying what was thrown (a string, a number…). */
export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

/** The one error type the server throws on purpose; anything else is a bug (`internal_error`). */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChatError';
  }

  toBody(): ErrorBody {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

/** HTTP status for each code that an HTTP route can answer with. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.invalidPayload]: 400,
  [ErrorCode.tooLarge]: 413,
  [ErrorCode.notFound]: 404,
  [ErrorCode.usernameTaken]: 409,
  [ErrorCode.registrationClosed]: 403,
  [ErrorCode.invalidInvite]: 403,
  [ErrorCode.invalidSetupCode]: 403,
  [ErrorCode.unsupportedEncoding]: 415,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.originNotAllowed]: 403,
  [ErrorCode.hostNotAllowed]: 403,
  [ErrorCode.banned]: 403,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.invalidResetCode]: 400,
  [ErrorCode.credentialsRequired]: 401,
  [ErrorCode.invalidToken]: 401,
  [ErrorCode.tokenExpired]: 401,
  [ErrorCode.tokenRevoked]: 401,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.tooManyConnections]: 429,
  [ErrorCode.unavailable]: 503,
};

/** Turns anything thrown into a body that is safe to send: internal details never leave. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ChatError) return error.toBody();
  return { code: ErrorCode.internal, message: 'Something went wrong on the server.' };
}
