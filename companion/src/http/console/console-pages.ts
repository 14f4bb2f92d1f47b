/**
 * Security headers of every page and answer under /console (and the OAuth callback page), and the
 * small HTML pages the service writes itself. No page has inline script: the policy forbids it.
 */
import type { NextFunction, Request, Response } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function setSecurityHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
}

export function isConsolePath(path: string): boolean {
  return path === '/console' || path.startsWith('/console/');
}

/** Every /console answer gets the security headers and, unless a file says otherwise, is not cached. */
export function consoleHeaders(req: Request, res: Response, next: NextFunction): void {
  if (isConsolePath(req.path)) {
    setSecurityHeaders(res);
    res.set('Cache-Control', 'no-store');
  }
  next();
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of a title and paragraphs; `code` spans in a paragraph are written as `…`. */
export function htmlPage(title: string, paragraphs: string[]): string {
  const body = paragraphs
    .map((p) => `<p>${esc(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui;max-width:40em;margin:3em auto"><h1>${esc(title)}</h1>${body}</body></html>`;
}

export const NEW_LINK_HINT =
  'For a new link run `npm run rox -- console` beside the companion (or `rox console`), or sign in at /console/ with an admin API key.';

export function consoleNotBuiltPage(): string {
  return htmlPage('The admin console is not built', [
    'The directory the companion serves the console from (CONSOLE_DIR, by default companion/console/dist) has no index.html.',
    'Build it with `npm run build:console` (npm install also builds it), then reload this page.',
  ]);
}
