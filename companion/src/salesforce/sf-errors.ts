/**
 * jsforce does not export its HTTP error class, so failures are classified by their
 * `errorCode` / `name` strings (facts §B) into the closed set the companion acts on.
 */
import { AppError } from '../core/app-error.js';

interface JsforceLike {
  name?: string;
  errorCode?: string;
  message?: string;
  code?: string;
}

const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'EAI_AGAIN',
]);

export function isInvalidGrant(e: unknown): boolean {
  const m = (e as JsforceLike)?.message ?? '';
  return (
    /invalid_grant|expired access\/refresh token/i.test(m) ||
    (e as { oauthError?: string })?.oauthError === 'invalid_grant'
  );
}

export function mapSalesforceError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as JsforceLike & { cause?: JsforceLike };
  const code = err.errorCode ?? err.name ?? '';
  const message = err.message ?? String(e);
  const netCode = err.code ?? err.cause?.code;
  if (isInvalidGrant(e))
    return new AppError(
      'RECONNECT_REQUIRED',
      `Salesforce no longer accepts this connection's login (${message}); log in again to resume`,
      {
        cause: e,
      },
    );
  if (code === 'INVALID_SESSION_ID')
    return new AppError(
      'SALESFORCE_AUTH',
      `Salesforce rejected the session while ${what} and it could not be refreshed`,
      { cause: e },
    );
  if (code === 'REQUEST_LIMIT_EXCEEDED')
    return new AppError('SALESFORCE_LIMIT', `The org's daily API request limit is used up (${what})`, { cause: e });
  if (
    code === 'SERVER_UNAVAILABLE' ||
    /^5\d\d$/.test(code) ||
    (netCode && NETWORK.has(netCode)) ||
    /socket hang up|fetch failed|other side closed/i.test(message)
  )
    return new AppError(
      'SALESFORCE_UNAVAILABLE',
      `Salesforce is unreachable or unavailable while ${what}: ${message}`,
      { cause: e },
    );
  return new AppError('SALESFORCE_ERROR', `Salesforce refused ${what}: ${code ? `${code}: ` : ''}${message}`, {
    cause: e,
    details: { salesforceErrorCode: code || undefined },
  });
}
