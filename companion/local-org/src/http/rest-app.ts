/**
 * The /services/data pipeline: versions list (no auth, not counted) → API version → bearer
 * session (401 INVALID_SESSION_ID) → request faults → API usage (403 REQUEST_LIMIT_EXCEEDED,
 * Sforce-Limit-Info on every counted answer) → route → answer. Write requests run in one
 * transaction, so an unexpected failure leaves nothing half-written.
 */
import { randomInt } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { Errors, OrgError } from '../core/errors.js';
import type { LocalOrg } from '../org.js';
import { setCompositeDispatcher } from './routes-composite.js';
import { MAX_VERSION, MIN_VERSION, versionsList } from './routes-meta.js';
import { callContext, errorResult, executeRoute, matchRoute, methodNotAllowed } from './rest-router.js';
import type { RestCall, RestResult } from './rest-types.js';
import { sendCsv, sendHtml503, sendJson, sendRestError } from './responses.js';

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h.trim());
  return m ? m[1].trim() : undefined;
}

export function errorId(): string {
  return `${randomInt(1e9, 2e9)}-${randomInt(10000, 99999)} (${randomInt(-2e9, 2e9)})`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

setCompositeDispatcher((call, sub) => {
  const m = /^\/services\/data\/v(\d+\.\d)(\/[^?]*)?(?:\?(.*))?$/.exec(sub.url);
  if (!m) throw Errors.notFound();
  const path = (m[2] ?? '').replace(/\/+$/, '');
  const method = sub.method === 'HEAD' ? 'GET' : sub.method;
  const match = matchRoute(method, path);
  if (!match) throw Errors.notFound();
  if ('allowed' in match) throw methodNotAllowed(method, match.allowed);
  if (match.route.kind === 'composite')
    throw new OrgError('INVALID_INPUT', 'Composite subrequests cannot contain composite requests');
  const headers = Object.fromEntries(Object.entries(sub.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const subCall: RestCall = {
    ...call,
    method,
    path,
    apiVersion: m[1],
    query: new URLSearchParams(m[3] ?? ''),
    headers: { ...call.headers, ...headers },
    rawBody: sub.body === undefined ? '' : JSON.stringify(sub.body),
    kind: match.route.kind,
    inComposite: true,
    ctx: callContext(call.org, call.access, m[1], match.route.kind, method),
  };
  const result = executeRoute(subCall, match.route, match.m);
  if (result.status === 201 && result.body && typeof result.body === 'object' && 'id' in result.body) {
    const obj = match.m[1];
    result.headers = {
      ...(result.headers ?? {}),
      Location: `/services/data/v${m[1]}/sobjects/${obj}/${String((result.body as { id: string }).id)}`,
    };
  }
  return result;
});

export function restHandler(org: LocalOrg, log: Logger) {
  return async (req: Request, res: Response, _next: NextFunction): Promise<void> => {
    // HEAD is answered like GET (Node drops the body); routes never see it.
    const method = req.method.toUpperCase() === 'HEAD' ? 'GET' : req.method.toUpperCase();
    const fullPath = req.path;
    if (fullPath === '/' || fullPath === '') {
      // Versions list: no authentication, not counted, no Sforce-Limit-Info (facts §A1).
      sendJson(res, 200, versionsList());
      return;
    }
    const vm = /^\/v(\d+)\.(\d)(\/.*)?$/.exec(fullPath);
    if (!vm || Number(vm[1]) < MIN_VERSION || Number(vm[1]) > MAX_VERSION || vm[2] !== '0') {
      sendRestError(res, Errors.notFound());
      return;
    }
    const apiVersion = `${vm[1]}.${vm[2]}`;
    const path = (vm[3] ?? '').replace(/\/+$/, '');
    const match = matchRoute(method, path);
    const kind = match && 'route' in match ? match.route.kind : 'unknown';
    const object = match && 'route' in match && match.route.object ? match.route.object(match.m) : undefined;
    res.locals.route = kind;
    const target = { route: kind, method, object };

    const session = org.tokens.validateAccessToken(bearerToken(req));
    if (!session) {
      sendRestError(res, Errors.invalidSession(), { 'WWW-Authenticate': 'Token' });
      return;
    }
    for (const f of org.faults.take(['latency'], target)) await sleep(f.latencyMs ?? 0);
    const fault = org.faults.takeOne(['drop-connection', 'unavailable-html', 'session-expired', 'request-limit'], target);
    if (fault?.kind === 'drop-connection' && fault.phase !== 'after') {
      res.locals.errorCode = 'DROPPED_CONNECTION';
      req.socket.destroy();
      return;
    }
    // Dropped after the work is done: the answer is lost on the way back.
    const dropAfter = fault?.kind === 'drop-connection';
    if (fault?.kind === 'unavailable-html') {
      sendHtml503(res);
      return;
    }
    if (fault?.kind === 'session-expired') {
      if (fault.expireToken !== false) org.tokens.expireToken(session.token);
      sendRestError(res, Errors.invalidSession(), { 'WWW-Authenticate': 'Token' });
      return;
    }
    const callOptions = String(req.headers['sforce-call-options'] ?? '');
    const client = /(?:^|,)\s*client=([^,]*)/.exec(callOptions)?.[1]?.trim() ?? '';
    if (fault?.kind === 'request-limit' || !org.apiUsage.tryCount(kind, method, client)) {
      sendRestError(res, Errors.requestLimitExceeded(), { 'Sforce-Limit-Info': org.apiUsage.header() });
      return;
    }
    const limitHeader = { 'Sforce-Limit-Info': org.apiUsage.header() };
    if (!match) {
      sendRestError(res, Errors.notFound(), limitHeader);
      return;
    }
    if ('allowed' in match) {
      sendRestError(res, methodNotAllowed(method, match.allowed), limitHeader);
      return;
    }
    let access;
    try {
      access = org.accessFor(session.userId);
    } catch {
      sendRestError(res, Errors.invalidSession(), { 'WWW-Authenticate': 'Token' });
      return;
    }
    const call: RestCall = {
      org,
      method,
      path,
      apiVersion,
      query: new URL(req.originalUrl, 'http://local').searchParams,
      headers: req.headers,
      rawBody: typeof req.body === 'string' ? req.body : '',
      session,
      access,
      ctx: callContext(org, access, apiVersion, kind, method),
      kind,
      inComposite: false,
    };
    const write = method !== 'GET' && method !== 'HEAD';
    let result: RestResult & { errorCode?: string };
    try {
      if (write && !org.store.inTransaction()) {
        org.store.begin();
        try {
          result = executeRoute(call, match.route, match.m);
        } catch (e) {
          org.store.rollback();
          throw e;
        }
        if (result.status >= 400) org.store.rollback();
        else org.store.commit();
      } else {
        result = executeRoute(call, match.route, match.m);
      }
    } catch (e) {
      const known = errorResult(e);
      if (known) {
        result = known;
      } else {
        const id = errorId();
        log.error(
          { errorId: id, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) },
          'unexpected error',
        );
        sendRestError(res, Errors.unexpected(id), limitHeader);
        return;
      }
    }
    if (dropAfter) {
      res.locals.errorCode = 'DROPPED_CONNECTION';
      req.socket.destroy();
      return;
    }
    if (result.errorCode) res.locals.errorCode = result.errorCode;
    else if (Array.isArray(result.body) && result.status >= 400)
      res.locals.errorCode = (result.body[0] as { errorCode?: string })?.errorCode;
    if (result.csv !== undefined) {
      sendCsv(res, result.status, result.csv, { ...(result.headers ?? {}), ...limitHeader });
      return;
    }
    sendJson(res, result.status, result.body, { ...(result.headers ?? {}), ...limitHeader });
  };
}
