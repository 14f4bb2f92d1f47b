/**
 * Request authentication: an API key in `Authorization: Bearer`, and — when the key requires it or
 * the caller sends one — an HMAC signature over timestamp, method, path and body, each accepted
 * once within the allowed clock skew; or the admin console's session cookie (console/console-auth.ts).
 */
import type { Request, Response } from 'express';
import { AppError } from '../core/app-error.js';
import { parseApiKey, secretMatches, signingKey } from '../security/api-keys.js';
import { signRequest, signatureMatches } from '../security/request-signature.js';
import type { ApiKeyStore } from '../store/api-key-store.js';
import { authenticateConsole, usesConsoleCookie } from './console/console-auth.js';
import type { ConsoleSessions } from './console/console-sessions.js';
import type { AuthContext, AuthLevel } from './route-spec.js';

export async function authenticate(
  req: Request,
  rawBody: string,
  keys: ApiKeyStore,
  maxSkewSeconds: number,
): Promise<AuthContext> {
  const header = req.headers.authorization;
  if (!header) throw new AppError('UNAUTHENTICATED', 'Missing credentials: send Authorization: Bearer <API key>');
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const parsed = m ? parseApiKey(m[1]) : undefined;
  if (!parsed)
    throw new AppError('UNAUTHENTICATED', 'The Authorization header does not hold a Rox API key (rox_key_…)');
  const key = await keys.get(parsed.id);
  if (!key || !secretMatches(parsed.secret, key.secretHash))
    throw new AppError('UNAUTHENTICATED', 'The API key is not valid');
  if (key.revokedAt)
    throw new AppError('UNAUTHENTICATED', 'The API key was revoked; create a new one with `rox keys create`');

  const sig = req.headers['x-rox-signature'];
  if (key.requireSignature || sig !== undefined) {
    const tsRaw = req.headers['x-rox-timestamp'];
    if (typeof sig !== 'string' || typeof tsRaw !== 'string')
      throw new AppError(
        'SIGNATURE_INVALID',
        'This key requires signed requests: send X-Rox-Timestamp and X-Rox-Signature',
      );
    const ts = Number(tsRaw);
    if (!Number.isInteger(ts)) throw new AppError('SIGNATURE_INVALID', 'X-Rox-Timestamp must be unix seconds');
    const skew = Math.abs(Date.now() / 1000 - ts);
    if (skew > maxSkewSeconds)
      throw new AppError(
        'SIGNATURE_INVALID',
        `The signature timestamp is ${Math.round(skew)} s away from the server clock (at most ${maxSkewSeconds} s allowed)`,
      );
    const expected = signRequest(signingKey(parsed.secret), ts, req.method, req.originalUrl, rawBody);
    if (!signatureMatches(expected, sig))
      throw new AppError(
        'SIGNATURE_INVALID',
        'The request signature does not match its timestamp, method, path and body',
      );
    if (!(await keys.rememberSignature(sig, key.id, maxSkewSeconds * 2)))
      throw new AppError('SIGNATURE_REPLAYED', 'This signed request was already received; sign each request afresh');
  }
  return { keyId: key.id, scope: key.scope, connectionId: key.connectionId };
}

/**
 * Who calls: a console session (routes of the session itself, or a cookie and no Authorization
 * header), else an API key.
 */
export async function authenticateCaller(
  req: Request,
  res: Response,
  rawBody: string,
  level: Exclude<AuthLevel, 'none'>,
  deps: { keys: ApiKeyStore; consoleSessions: ConsoleSessions; signatureMaxSkewSeconds: number },
): Promise<AuthContext> {
  if (level === 'session' || usesConsoleCookie(req)) return authenticateConsole(req, res, deps.consoleSessions);
  return authenticate(req, rawBody, deps.keys, deps.signatureMaxSkewSeconds);
}

/** Records the last use of the key (and the console session's activity) of a call it may make. */
export async function touchCaller(
  auth: AuthContext,
  deps: { keys: ApiKeyStore; consoleSessions: ConsoleSessions },
): Promise<void> {
  await deps.keys.touch(auth.keyId);
  if (auth.console) await deps.consoleSessions.touch(auth.console);
}

/** The access rule of every route (the table in auth-rules.ts and the README is generated from it). */
export function authorize(level: Exclude<AuthLevel, 'none'>, auth: AuthContext, connectionParam?: string): void {
  if (level === 'session' && !auth.console)
    throw new AppError('UNAUTHENTICATED', 'Not signed in to the console: sign in at /console/ with an admin API key');
  if (auth.scope === 'admin') {
    if (level === 'data')
      throw new AppError(
        'FORBIDDEN',
        "An admin key manages connections but reads and writes no record data: use this connection's key (rox keys create --connection <name>)",
      );
    return;
  }
  if (level === 'admin')
    throw new AppError('FORBIDDEN', 'This operation needs an admin key; connection keys cannot manage connections');
  if (connectionParam === undefined || connectionParam !== auth.connectionId)
    throw new AppError('FORBIDDEN', 'This API key belongs to another connection');
}
