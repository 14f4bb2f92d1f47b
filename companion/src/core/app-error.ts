/**
 * The companion's one error model. Every failure a caller can see is an AppError with a stable
 * machine-readable code, a message a person understands, the HTTP status it maps to, whether a
 * retry can help, and the cause. The HTTP error middleware is the only place that formats them.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'STORE_IN_USE'
  | 'STORE_UNAVAILABLE'
  | 'COMPANION_UNREACHABLE'
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_REPLAYED'
  | 'CSRF_TOKEN_INVALID'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'CONNECTION_NOT_READY'
  | 'RECONNECT_REQUIRED'
  | 'SALESFORCE_AUTH'
  | 'SALESFORCE_LIMIT'
  | 'SALESFORCE_UNAVAILABLE'
  | 'SALESFORCE_ERROR'
  | 'MAPPING_INVALID'
  | 'OAUTH_FAILED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  STORE_IN_USE: 503,
  STORE_UNAVAILABLE: 503,
  COMPANION_UNREACHABLE: 503,
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SIGNATURE_INVALID: 401,
  SIGNATURE_REPLAYED: 401,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  CONNECTION_NOT_READY: 409,
  RECONNECT_REQUIRED: 409,
  SALESFORCE_AUTH: 502,
  SALESFORCE_LIMIT: 503,
  SALESFORCE_UNAVAILABLE: 503,
  SALESFORCE_ERROR: 502,
  MAPPING_INVALID: 422,
  OAUTH_FAILED: 400,
  INTERNAL: 500,
};

const RETRYABLE = new Set<ErrorCode>(['SALESFORCE_LIMIT', 'SALESFORCE_UNAVAILABLE']);

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { httpStatus?: number; retryable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = options.httpStatus ?? STATUS[code];
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.details = options.details;
  }

  static wrap(e: unknown): AppError {
    if (e instanceof AppError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new AppError('INTERNAL', `Unexpected failure: ${message}`, { cause: e });
  }

  toJSON(): { error: { code: ErrorCode; message: string; retryable: boolean; details?: unknown } } {
    const error: { code: ErrorCode; message: string; retryable: boolean; details?: unknown } = {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}
