/**
 * The one place that decides what a Salesforce failure means. jsforce does not export its HTTP
 * error class, so failures are classified by the strings every shape carries (facts §B):
 *
 *   JSON error body           HttpApiError, name = errorCode = the body's errorCode
 *   several errors in a body  errorCode MULTIPLE_API_ERRORS, `data` = the array
 *   HTML or text body         errorCode ERROR_HTTP_<status> (an HTML 503 page from a proxy or an outage)
 *   300 on an upsert          errorCode MULTIPLE_CHOICES
 *   network                   node-fetch FetchError with `code` ECONNRESET…, or "socket hang up"
 *   timeout                   AbortError
 *   a failed refresh          plain Error "Unable to refresh session due to: …" (the client keeps
 *                             the AppError it threw and passes it here instead)
 *
 * Per-record errors (Collections `statusCode`, Composite subresponses, Bulk `sf__Error`) use the
 * same codes and go through `classifyCode`.
 */
import { AppError } from '../core/app-error.js';

/** What a failure calls for: the same answer for a whole call and for one record. */
export type FailureClass =
  /** Salesforce no longer accepts the login: wait for an admin to log in again. */
  | 'reauth'
  /** The org's API request limit: pause the connection. */
  | 'limit'
  /** Salesforce or the network will very likely answer next time: back off and retry. */
  | 'transient'
  /** Salesforce failed without saying why (UNKNOWN_EXCEPTION, our own bug): retry a few times. */
  | 'uncertain'
  /** The request itself is wrong (validation, access, duplicates): retrying cannot help. */
  | 'permanent';

/** Codes Salesforce returns for conditions that pass: locks, overload, maintenance, slow requests. */
const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'PROCESSING_HALTED',
  'UNPROCESSED',
]);
const UNCERTAIN_CODES = new Set(['UNKNOWN_EXCEPTION', 'UNKNOWN', 'INVALID_SESSION_ID', 'MULTIPLE_CHOICES']);
/** Statuses where a non-JSON answer means "not now": rate limiting, edge routing, server errors. */
const TRANSIENT_HTTP = /^ERROR_HTTP_(?:5\d\d|429|420|408)$/;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const NETWORK_MESSAGE =
  /socket hang up|fetch failed|other side closed|premature close|network timeout|ECONNRESET|aborted/i;

/** The class of one Salesforce error code (a record's statusCode or a call's errorCode). */
export function classifyCode(code: string | undefined): FailureClass {
  if (!code) return 'uncertain';
  if (code === 'REQUEST_LIMIT_EXCEEDED') return 'limit';
  if (TRANSIENT_CODES.has(code) || TRANSIENT_HTTP.test(code)) return 'transient';
  if (UNCERTAIN_CODES.has(code)) return 'uncertain';
  return 'permanent';
}

/** The class of an AppError the adapter raised (mapSalesforceError's output, or our own). */
export function classifyError(err: AppError): FailureClass {
  switch (err.code) {
    case 'RECONNECT_REQUIRED':
    case 'CONNECTION_NOT_READY':
      return 'reauth';
    case 'SALESFORCE_LIMIT':
      return 'limit';
    case 'SALESFORCE_UNAVAILABLE':
      return 'transient';
    case 'SALESFORCE_AUTH':
    case 'INTERNAL':
      return 'uncertain';
    case 'SALESFORCE_ERROR':
      return err.retryable ? 'uncertain' : 'permanent';
    default:
      return err.retryable ? 'transient' : 'permanent';
  }
}

interface JsforceLike {
  name?: string;
  errorCode?: string;
  message?: string;
  code?: string;
  type?: string;
  data?: unknown;
  cause?: JsforceLike;
}

export function isInvalidGrant(e: unknown): boolean {
  const m = (e as JsforceLike)?.message ?? '';
  return (
    /invalid_grant|expired access\/refresh token/i.test(m) ||
    (e as { oauthError?: string })?.oauthError === 'invalid_grant'
  );
}

function isNetwork(err: JsforceLike, message: string): boolean {
  const netCode = err.code ?? err.cause?.code;
  if (netCode && NETWORK_CODES.has(netCode)) return true;
  if (err.name === 'FetchError' || err.name === 'AbortError' || err.type === 'aborted') return true;
  return NETWORK_MESSAGE.test(message) && !err.errorCode;
}

/** The codes inside a MULTIPLE_API_ERRORS answer. */
function innerCodes(err: JsforceLike): string[] {
  return Array.isArray(err.data)
    ? (err.data as Array<{ errorCode?: string; statusCode?: string }>).map((d) => d.errorCode ?? d.statusCode ?? '')
    : [];
}

export function mapSalesforceError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as JsforceLike;
  // A plain Error (a bug, an unexpected shape) has no code: it is 'uncertain', never permanent.
  const code = err.errorCode ?? (err.name && /^[A-Z][A-Z0-9_]+$/.test(err.name) ? err.name : '');
  const message = err.message ?? String(e);
  if (isInvalidGrant(e))
    return new AppError(
      'RECONNECT_REQUIRED',
      `Salesforce no longer accepts this connection's login (${message}); log in again to resume`,
      { cause: e },
    );
  if (code === 'INVALID_SESSION_ID')
    return new AppError(
      'SALESFORCE_AUTH',
      `Salesforce rejected the session while ${what} and it could not be refreshed`,
      { cause: e },
    );
  if (isNetwork(err, message))
    return new AppError('SALESFORCE_UNAVAILABLE', `Salesforce could not be reached while ${what}: ${message}`, {
      cause: e,
    });
  const codes = code === 'MULTIPLE_API_ERRORS' ? innerCodes(err) : [code];
  const classes = codes.map(classifyCode);
  // jsforce's text for an HTML page is a paragraph; one line of it is enough in the ledger.
  const shown = message.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (classes.includes('limit'))
    return new AppError('SALESFORCE_LIMIT', `The org's API request limit is used up (${what}): ${message}`, {
      cause: e,
      details: { salesforceErrorCode: 'REQUEST_LIMIT_EXCEEDED' },
    });
  if (classes.length > 0 && classes.every((c) => c === 'transient'))
    return new AppError(
      'SALESFORCE_UNAVAILABLE',
      `Salesforce could not take the request while ${what} (${code}): ${shown}`,
      {
        cause: e,
        details: { salesforceErrorCode: code },
      },
    );
  return new AppError('SALESFORCE_ERROR', `Salesforce refused ${what}: ${code ? `${code}: ` : ''}${shown}`, {
    cause: e,
    // The worst of several errors decides: one the request itself caused is never retried.
    retryable: !classes.includes('permanent'),
    details: { salesforceErrorCode: code || undefined },
  });
}
