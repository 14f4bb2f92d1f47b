/**
 * Authentication by the console session cookie. A request with the cookie and no Authorization
 * header is its session's admin key; a change (any method but GET and HEAD) must also carry the
 * session's CSRF token in X-CSRF-Token, which another site's page cannot know.
 */
import type { Request, Response } from 'express';
import { AppError } from '../../core/app-error.js';
import type { AuthContext } from '../route-spec.js';
import { clearedCookie, readConsoleCookie } from './console-cookie.js';
import { csrfMatches } from './console-secrets.js';
import type { ConsoleSessions } from './console-sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Whether a request is to be authenticated by its console cookie rather than an API key. */
export function usesConsoleCookie(req: Request): boolean {
  return !req.headers.authorization && readConsoleCookie(req) !== undefined;
}

export async function authenticateConsole(
  req: Request,
  res: Response,
  sessions: ConsoleSessions,
): Promise<AuthContext> {
  const secret = readConsoleCookie(req);
  if (secret === undefined)
    throw new AppError('UNAUTHENTICATED', 'Not signed in to the console: sign in at /console/ with an admin API key');
  let session;
  try {
    session = await sessions.check(secret);
  } catch (e) {
    // The browser forgets a cookie that no longer opens anything.
    res.append('Set-Cookie', clearedCookie(req));
    throw e;
  }
  if (!SAFE_METHODS.has(req.method)) {
    const given = req.headers['x-csrf-token'];
    if (!csrfMatches(secret, given))
      throw new AppError(
        'CSRF_TOKEN_INVALID',
        given === undefined
          ? `${req.method} with the console session cookie needs the X-CSRF-Token header: the csrfToken that POST or GET /console/session returns`
          : 'The X-CSRF-Token header does not match this console session: reload the console (GET /console/session returns the token)',
      );
  }
  return { keyId: session.keyId, scope: 'admin', connectionId: null, console: session };
}
