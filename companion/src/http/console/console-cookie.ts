/**
 * The console session cookie `rox_console`: HttpOnly (scripts never see the secret), SameSite=Strict
 * (no other site's page sends it), Path=/ (the API is under /v1), and Secure unless the browser
 * talks to this service over loopback, where plain HTTP is the normal case.
 */
import type { Request } from 'express';

export const CONSOLE_COOKIE = 'rox_console';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a Host header names this machine's loopback interface (port ignored). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return LOOPBACK.has(name);
}

/** The cookie's value, when the request carries one. */
export function readConsoleCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CONSOLE_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function attributes(req: Request): string {
  return `Path=/; HttpOnly; SameSite=Strict${isLoopbackHost(req.headers.host) ? '' : '; Secure'}`;
}

export function sessionCookie(req: Request, secret: string, maxAgeSeconds: number): string {
  return `${CONSOLE_COOKIE}=${secret}; Max-Age=${Math.max(1, Math.floor(maxAgeSeconds))}; ${attributes(req)}`;
}

export function clearedCookie(req: Request): string {
  return `${CONSOLE_COOKIE}=; Max-Age=0; ${attributes(req)}`;
}
