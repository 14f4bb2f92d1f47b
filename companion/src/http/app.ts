/**
 * The companion's HTTP app (built, not listening: tests start it on port 0). Bodies are read raw
 * (so signatures cover exactly the bytes sent), parsed as JSON here with errors a person can act
 * on, validated with each route's zod schema, and every failure goes through one error handler.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../core/app-error.js';
import type { ApiKeyStore } from '../store/api-key-store.js';
import { authenticateCaller, authorize, touchCaller } from './auth.js';
import { consoleHeaders } from './console/console-pages.js';
import type { ConsoleSessions } from './console/console-sessions.js';
import { consoleStatic } from './console/console-static.js';
import type { Metrics } from './metrics.js';
import { type AuthContext, type RouteSpec, parseBody, pathMatches } from './route-spec.js';

export interface AppDeps {
  routes: Array<RouteSpec<any>>;
  keys: ApiKeyStore;
  consoleSessions: ConsoleSessions;
  /** The built admin console, served at /console/. */
  consoleDir: string;
  metrics: Metrics;
  logger: Logger;
  maxBodyBytes: number;
  signatureMaxSkewSeconds: number;
  version: string;
}

function parseJson(raw: Buffer | undefined, req: Request): unknown {
  if (!raw || raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the body as application/json (got ${type || 'no content-type'})`,
    );
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new AppError('MALFORMED_JSON', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const log = deps.logger.child({ module: 'http' });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (res.locals.route as string | undefined) ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      deps.metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      deps.metrics.latency.observe({ method: req.method, route }, seconds);
      log.info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          code: res.locals.errorCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  });
  app.use(consoleHeaders);
  app.use(express.raw({ type: () => true, limit: deps.maxBodyBytes }));

  for (const route of deps.routes) {
    app[route.method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      res.locals.route = `${route.method.toUpperCase()} ${route.path}`;
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
        let auth: AuthContext | undefined;
        if (route.auth !== 'none') {
          auth = await authenticateCaller(req, res, raw?.toString('utf8') ?? '', route.auth, deps);
          authorize(route.auth, auth, req.params.id as string | undefined);
          // Last use is recorded only for calls the key may make.
          await touchCaller(auth, deps);
        }
        checkParams(req.params as Record<string, string>);
        const json = parseJson(raw, req);
        checkText(json, '', 'body');
        const given = json === undefined ? undefined : (route.unwrapBody?.(json) ?? json);
        const body =
          given === undefined && route.bodyOptional
            ? undefined
            : parseBody(route.body, given ?? (route.body ? {} : undefined));
        const query = Object.fromEntries(
          Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
        checkText(query, '', 'query');
        const result = await route.handler({
          req,
          res,
          auth,
          body,
          params: req.params as Record<string, string>,
          query,
        });
        if (result.html !== undefined) {
          res.status(result.status).type('html').send(result.html);
        } else if (result.body === undefined) {
          res.status(result.status).end();
        } else {
          const shown = auth?.scope === 'admin' && route.adminView ? route.adminView(result.body) : result.body;
          res.status(result.status).json(shown);
        }
      } catch (e) {
        next(e);
      }
    });
  }

  app.use(consoleStatic(deps.consoleDir));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    const known = deps.routes.filter((r) => pathMatches(r.path, req.path));
    if (known.length > 0)
      next(
        new AppError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed here; use ${known.map((r) => r.method.toUpperCase()).join(', ')}`,
        ),
      );
    else next(new AppError('NOT_FOUND', `No route ${req.method} ${req.path}; see /openapi.json`));
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = bodyParserError(err) ?? AppError.wrap(err);
    res.locals.errorCode = e.code;
    if (e.httpStatus >= 500)
      log.error(
        { code: e.code, err: { message: e.message, cause: String((e.cause as Error)?.message ?? '') } },
        'request failed',
      );
    // Internal errors never show their cause to the caller.
    const shown =
      e.code === 'INTERNAL' ? new AppError('INTERNAL', 'Something went wrong on our side; it has been logged') : e;
    if (!res.headersSent) res.status(shown.httpStatus).json(shown.toJSON());
  });
  return app;
}

const PARAM_FORMATS: Record<string, { re: RegExp; what: string }> = {
  id: { re: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, what: 'connection' },
  keyId: { re: /^[0-9a-f]{12}$/, what: 'API key' },
  sobject: { re: /^[A-Za-z][A-Za-z0-9_]{0,80}$/, what: 'object' },
  recordId: { re: /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/, what: 'record' },
  roxId: { re: /^[^\u0000-\u001f]{1,255}$/, what: 'Rox id' },
  writebackId: { re: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, what: 'writeback' },
};

/**
 * No text the API takes may hold U+0000 or half of a surrogate pair: PostgreSQL cannot store
 * either (text and jsonb refuse them), Salesforce strips or rejects them, and JSON allows both
 * (`"\u0000"`, `"\ud800"`). Refused up front with the field's path, so nothing is half-written.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: unknown, path: string, where: 'body' | 'query'): void {
  const problem = (s: string) =>
    s.includes('\u0000')
      ? 'contains a NUL character (U+0000), which Salesforce and the store cannot hold'
      : LONE_SURROGATE.test(s)
        ? 'contains half of a UTF-16 surrogate pair (an unpaired \\ud800-\\udfff escape), which is not text'
        : undefined;
  const fail = (at: string, why: string) => {
    const shown = at || `(${where})`;
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid request: ${where === 'query' ? `query parameter ${shown}` : shown} ${why}`,
      {
        details: { fields: [{ path: shown, problem: why }] },
      },
    );
  };
  if (typeof value === 'string') {
    const why = problem(value);
    if (why) fail(path, why);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    const keyProblem = problem(k);
    if (keyProblem) fail(path || '(key)', `has a key that ${keyProblem}`);
    checkText(v, at, where);
  }
}

/** Path ids have one shape; anything else cannot exist, so it is a 404 before any lookup. */
function checkParams(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    const f = PARAM_FORMATS[name];
    if (f && !f.re.test(value)) throw new AppError('NOT_FOUND', `No ${f.what} ${JSON.stringify(value).slice(0, 80)}`);
  }
}

function bodyParserError(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large')
    return new AppError('BODY_TOO_LARGE', `The body is larger than the ${e.limit} bytes this API accepts`);
  if (e?.type === 'request.aborted' || e?.type === 'request.size.invalid' || e?.type === 'stream.encoding.set')
    return new AppError('BAD_REQUEST', 'The request body could not be read completely');
  if (e?.type === 'encoding.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError('BAD_REQUEST', `The request could not be read (${e.type ?? e.status})`);
  return undefined;
}
