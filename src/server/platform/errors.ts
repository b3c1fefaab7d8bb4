/**
 * One error type with a closed set of codes, mapped to HTTP in one place (the error handler in
 * app.ts). Messages are written for the person who sees them; 5xx messages never carry internals.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** The cohort has no free seat and the request asked not to join the waitlist. */
  COHORT_FULL: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Well-formed, but a rule of the domain refuses it (details name the field and the rule). */
  UNPROCESSABLE: 422,
  /** The cohort does not take enrolments now (closed, completed or cancelled). */
  COHORT_NOT_OPEN: 422,
  /** A course prerequisite is not met: degree, license or a course (details say which). */
  PREREQUISITE_MISSING: 422,
  /** A knowledge test retaken before the course's waiting period is over. */
  RETAKE_TOO_SOON: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Dotted path of the field, e.g. "email" or "rows.3.state"; empty for the whole request. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_STATUS[code];
  }

  static notFound(what = 'The record'): AppError {
    return new AppError('NOT_FOUND', `${what} was not found.`);
  }

  static forbidden(message = 'You do not have permission to do this.'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static validation(details: ErrorDetail[], message?: string): AppError {
    return new AppError(
      'VALIDATION_FAILED',
      message ??
        (details.length === 1
          ? `${details[0]!.path || 'request'}: ${details[0]!.message}`
          : 'Some fields are not valid.'),
      details,
    );
  }

  static conflict(message: string, path?: string): AppError {
    return new AppError('CONFLICT', message, path ? [{ path, message }] : []);
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId?: string };
}
