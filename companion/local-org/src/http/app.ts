/** The express application of the local org (built, not listening). */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { oauthRouter } from '../auth/oauth-routes.js';
import { Errors } from '../core/errors.js';
import type { LocalOrg } from '../org.js';
import { adminRouter } from './admin-routes.js';
import { errorId, restHandler } from './rest-app.js';
import { sendRestError } from './responses.js';

export function createApp(org: LocalOrg, log: Logger, adminToken: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          route: res.locals.route,
          status: res.writableFinished ? res.statusCode : 0,
          errorCode: res.locals.errorCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  });
  app.use(oauthRouter(org));
  app.use(adminRouter(org, adminToken));
  app.use('/services/data', express.text({ type: () => true, limit: '50mb' }), restHandler(org, log));
  app.use((_req: Request, res: Response) => sendRestError(res, Errors.notFound()));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 413) {
      sendRestError(res, Errors.jsonParser('Request body too large'));
      return;
    }
    const id = errorId();
    log.error(
      { errorId: id, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) },
      'unexpected error',
    );
    if (!res.headersSent) sendRestError(res, Errors.unexpected(id));
  });
  return app;
}
