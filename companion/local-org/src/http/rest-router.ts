/**
 * Route table of the REST API under /services/data/vXX.X and the one place where a failure
 * becomes an answer: OrgError and SoqlError keep their errorCode and status; anything else is an
 * internal error and is left to the caller (500 UNKNOWN_EXCEPTION with an ErrorId).
 */
import { Errors, OrgError } from '../core/errors.js';
import type { CallContext } from '../dml/dml-service.js';
import type { LocalOrg } from '../org.js';
import type { StoredRecord } from '../schema-types.js';
import type { Access } from '../security/user-access.js';
import { SoqlError } from '../soql/soql-engine.js';
import { bulkIngestRoutes } from './routes-bulk-ingest.js';
import { bulkQueryRoutes } from './routes-bulk-query.js';
import { clientRoutes } from './routes-client.js';
import { collectionRoutes } from './routes-collections.js';
import { compositeRoutes } from './routes-composite.js';
import { treeRoutes } from './routes-tree.js';
import { metaRoutes } from './routes-meta.js';
import { queryRoutes } from './routes-query.js';
import { sobjectRoutes } from './routes-sobject.js';
import type { RestCall, RestResult, RouteDef } from './rest-types.js';

export const ROUTES: RouteDef[] = [
  ...metaRoutes,
  ...clientRoutes,
  ...queryRoutes,
  ...collectionRoutes,
  ...compositeRoutes,
  ...treeRoutes,
  ...sobjectRoutes,
  ...bulkIngestRoutes,
  ...bulkQueryRoutes,
];

export type RouteMatch = { route: RouteDef; m: RegExpMatchArray } | { allowed: string[] } | undefined;

export function matchRoute(method: string, path: string): RouteMatch {
  const allowed = new Set<string>();
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET'))) return { route, m };
    for (const x of route.methods) allowed.add(x);
  }
  return allowed.size > 0 ? { allowed: [...allowed] } : undefined;
}

export function methodNotAllowed(method: string, allowed: string[]): OrgError {
  return new OrgError(
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${[...allowed, 'HEAD'].join(',')}`,
    { httpStatus: 405 },
  );
}

/** A DML context whose lockCheck applies the org's lock-row faults to every record written. */
export function callContext(
  org: LocalOrg,
  access: Access,
  apiVersion: string,
  kind: string,
  method: string,
): CallContext {
  return {
    access,
    apiVersion,
    lockCheck: (objectName: string, record: StoredRecord) => {
      if (org.faults.lockRecord({ route: kind, method, object: objectName }, record.Id))
        throw Errors.unableToLockRow(record.Id);
    },
  };
}

/** Runs a route; OrgError / SoqlError become their error answers, other errors propagate. */
export function executeRoute(call: RestCall, route: RouteDef, m: RegExpMatchArray): RestResult {
  try {
    return route.handle(call, m);
  } catch (e) {
    const r = errorResult(e);
    if (r) return r;
    throw e;
  }
}

export function errorResult(e: unknown): (RestResult & { errorCode: string }) | undefined {
  if (e instanceof OrgError) return { status: e.httpStatus, body: [e.toRest()], errorCode: e.errorCode };
  if (e instanceof SoqlError)
    return { status: 400, body: [{ message: e.message, errorCode: e.errorCode }], errorCode: e.errorCode };
  return undefined;
}
