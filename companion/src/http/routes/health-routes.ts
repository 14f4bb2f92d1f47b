/** Liveness, readiness (the store answers), Prometheus metrics, and the OAuth callback page. */
import type { ConnectionService } from '../../connections/connection-service.js';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../store/db.js';
import { setSecurityHeaders } from '../console/console-pages.js';
import type { Metrics } from '../metrics.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, text: string, link?: { href: string; text: string }): string {
  const a = link && /^https?:\/\//.test(link.href) ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui;max-width:40em;margin:3em auto"><h1>${esc(title)}</h1><p>${esc(text)}</p>${a}</body></html>`;
}

export function healthRoutes(db: Db, metrics: Metrics, connections: ConnectionService): Array<RouteSpec<any>> {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness',
      tag: 'health',
      auth: 'none',
      responses: { 200: { description: 'Alive' } },
      handler: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the store answers',
      tag: 'health',
      auth: 'none',
      responses: { 200: { description: 'Ready' }, 503: { description: 'Store unavailable' } },
      async handler() {
        try {
          await db.query('SELECT 1');
          return { status: 200, body: { status: 'ready', store: db.engine } };
        } catch {
          return { status: 503, body: { status: 'unavailable', store: db.engine } };
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (admin key)',
      tag: 'health',
      auth: 'admin',
      responses: { 200: { description: 'Prometheus text format' } },
      async handler({ res }) {
        res.type(metrics.registry.contentType);
        return { status: 200, html: await metrics.registry.metrics() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oauth/callback',
      summary: 'Where Salesforce returns the browser after login (guarded by the one-time state)',
      tag: 'connections',
      auth: 'none',
      responses: { 200: { description: 'HTML page' } },
      async handler({ query, res }) {
        setSecurityHeaders(res);
        try {
          const c = await connections.completeOAuth({
            state: query.state,
            code: query.code,
            error: query.error,
            errorDescription: query.error_description,
          });
          return {
            status: 200,
            html: page(
              'Connected',
              `Rox is connected to org ${c.orgId ?? ''} as ${c.username ?? ''}. You can close this window.`,
            ),
          };
        } catch (e) {
          const err = AppError.wrap(e);
          const shown = err.code === 'INTERNAL' ? 'Something went wrong on our side; it has been logged.' : err.message;
          const setupUrl = (err.details as { setupUrl?: string } | undefined)?.setupUrl;
          return {
            status: err.httpStatus >= 500 ? 502 : 400,
            html: page(
              'Connection failed',
              shown,
              setupUrl ? { href: setupUrl, text: 'Open Connected Apps OAuth Usage in Setup' } : undefined,
            ),
          };
        }
      },
    }),
  ];
}
