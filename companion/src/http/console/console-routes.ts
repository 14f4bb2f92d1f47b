/**
 * The admin console's session: sign in with an admin key or a one-time link, see the session, sign
 * out; and one-time sign-in links for the calling admin key (`rox console`).
 */
import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { clearedCookie, sessionCookie } from './console-cookie.js';
import { htmlPage, NEW_LINK_HINT } from './console-pages.js';
import { type ConsoleSessions, type OpenedSession, SIGN_IN_LINK_MINUTES } from './console-sessions.js';

const signInSchema = z
  .object({ key: z.string().min(1).max(200).describe('An admin API key (rox_key_…)') })
  .strict();

const sessionSchema = z.object({
  csrfToken: z.string().describe('Send it as X-CSRF-Token on every request but GET made with this session'),
  expiresAt: z
    .string()
    .describe('When the session ends at the latest (ISO 8601); it ends sooner after CONSOLE_IDLE_MINUTES without a request'),
  keyName: z.string().describe('The name of the admin key the session acts as'),
});

const linkSchema = z.object({
  url: z.string().describe(`Open it in a browser to sign in; it works once, within ${SIGN_IN_LINK_MINUTES} minutes`),
  expiresAt: z.string(),
});

const shown = (s: { csrfToken: string; expiresAt: string; keyName: string }) => ({
  csrfToken: s.csrfToken,
  expiresAt: s.expiresAt,
  keyName: s.keyName,
});

/** Where a link points: PUBLIC_URL, else the host this request was sent to. */
function baseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host)
    ? `${req.protocol}://${host}`
    : `${req.protocol}://127.0.0.1`;
}

export function consoleRoutes(sessions: ConsoleSessions, publicUrl: string | undefined): Array<RouteSpec<any>> {
  const setCookie = (req: Request, s: OpenedSession) => sessionCookie(req, s.secret, sessions.lifetimeSeconds);
  return [
    defineRoute<z.infer<typeof signInSchema>>({
      method: 'post',
      path: '/console/session',
      summary: 'Sign in to the admin console with an admin API key: sets the rox_console cookie',
      tag: 'console',
      auth: 'none',
      body: signInSchema,
      responses: {
        200: { description: 'Signed in (Set-Cookie: rox_console)', schema: sessionSchema },
        401: { description: 'Not a valid API key' },
        403: { description: "A connection's key, or one that requires signed requests" },
      },
      async handler({ req, res, body }) {
        const s = await sessions.signInWithKey(body.key);
        res.append('Set-Cookie', setCookie(req, s));
        return { status: 200, body: shown(s) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/console/session',
      summary: 'The console session of this browser (401 when not signed in)',
      tag: 'console',
      auth: 'session',
      responses: { 200: { description: 'Signed in', schema: sessionSchema } },
      handler: async ({ auth }) => ({ status: 200, body: shown(auth!.console!) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/console/session',
      summary: 'Sign out of the console (needs X-CSRF-Token)',
      tag: 'console',
      auth: 'session',
      responses: { 204: { description: 'Signed out; the cookie is cleared' } },
      async handler({ req, res, auth }) {
        await sessions.signOut(auth!.console!);
        res.append('Set-Cookie', clearedCookie(req));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/console/sign-in',
      summary: 'Open a one-time sign-in link (?token=…): signs in and redirects to /console/',
      tag: 'console',
      auth: 'none',
      responses: {
        303: { description: 'Signed in (Set-Cookie: rox_console); on to /console/' },
        400: { description: 'HTML page: the link is not valid, was used or expired, and how to get a new one' },
      },
      async handler({ req, res, query }) {
        const r = await sessions.signInWithLink(query.token);
        if (!r.ok) return { status: 400, html: htmlPage('Cannot sign in to the Rox console', [r.problem, NEW_LINK_HINT]) };
        res.append('Set-Cookie', setCookie(req, r.session));
        res.location('/console/');
        return { status: 303 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/console/sign-in-links',
      summary: `A one-time console sign-in link for the calling admin key (valid ${SIGN_IN_LINK_MINUTES} minutes)`,
      tag: 'console',
      auth: 'admin',
      responses: { 201: { description: 'Created', schema: linkSchema } },
      async handler({ req, auth }) {
        return { status: 201, body: await sessions.signInLink(auth!.keyId, baseUrl(req, publicUrl)) };
      },
    }),
  ];
}
