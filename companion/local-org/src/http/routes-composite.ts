/**
 * Composite (facts §A9): up to 25 subrequests run in order in one call (counted once), later ones
 * can reference earlier results with `@{referenceId.path}`. With allOrNone, the first failure rolls
 * everything back and every other subrequest answers 400 PROCESSING_HALTED.
 */
import { Errors, OrgError } from '../core/errors.js';
import { type RestCall, type RestResult, type RouteDef, jsonBody, ok } from './rest-types.js';

const MAX_SUBREQUESTS = 25;
const MAX_QUERY_OR_COLLECTIONS = 5;

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

class UnresolvedReference extends Error {}

function lookup(results: Map<string, unknown>, expr: string): unknown {
  const [ref, ...rest] = expr.split('.');
  if (!results.has(ref)) throw new UnresolvedReference(expr);
  let cur: unknown = results.get(ref);
  for (const part of rest
    .join('.')
    .split('.')
    .filter((p) => p !== '')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new UnresolvedReference(expr);
    cur = (cur as Record<string, unknown> | undefined)?.[m[1]];
    for (const idx of m[2].match(/\d+/g) ?? []) cur = (cur as unknown[] | undefined)?.[Number(idx)];
  }
  if (cur === undefined || cur === null) throw new UnresolvedReference(expr);
  return cur;
}

function substitute(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([^}]+)\}$/.exec(value);
    if (whole) return lookup(results, whole[1]);
    return value.replace(/@\{([^}]+)\}/g, (_m, expr: string) => String(lookup(results, expr)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, substitute(v, results)]),
    );
  }
  return value;
}

function halted(referenceId: string): SubResponse {
  return { body: [Errors.processingHalted().toRest()], httpHeaders: {}, httpStatusCode: 400, referenceId };
}

function parseRequests(call: RestCall): { allOrNone: boolean; requests: SubRequest[] } {
  const body = jsonBody(call) as Record<string, unknown> | null;
  const list = body?.compositeRequest;
  if (!Array.isArray(list) || list.length === 0)
    throw new OrgError('INVALID_INPUT', 'compositeRequest is required and must not be empty');
  // UNCONFIRMED error code and text for too many subrequests.
  if (list.length > MAX_SUBREQUESTS)
    throw new OrgError('LIMIT_EXCEEDED', `A composite request can contain at most ${MAX_SUBREQUESTS} subrequests`);
  const seen = new Set<string>();
  const requests = list.map((raw) => {
    const r = raw as Record<string, unknown>;
    if (typeof r.method !== 'string' || typeof r.url !== 'string' || typeof r.referenceId !== 'string') {
      throw new OrgError('INVALID_INPUT', 'Each subrequest needs method, url and referenceId');
    }
    if (!/^[A-Za-z0-9_]+$/.test(r.referenceId))
      throw new OrgError('INVALID_INPUT', `Invalid referenceId: ${r.referenceId}`);
    if (seen.has(r.referenceId))
      throw new OrgError('INVALID_INPUT', `Duplicate referenceId provided in the request: ${r.referenceId}`);
    seen.add(r.referenceId);
    return {
      method: r.method.toUpperCase(),
      url: r.url,
      referenceId: r.referenceId,
      body: r.body,
      httpHeaders: r.httpHeaders as Record<string, string> | undefined,
    };
  });
  const heavy = requests.filter((r) => /\/(query|queryAll|composite\/sobjects)(\/|\?|$)/.test(r.url)).length;
  if (heavy > MAX_QUERY_OR_COLLECTIONS) {
    throw new OrgError(
      'LIMIT_EXCEEDED',
      `A composite request can contain at most ${MAX_QUERY_OR_COLLECTIONS} query or sObject Collections subrequests`,
    );
  }
  return { allOrNone: body?.allOrNone === true, requests };
}

export type SubDispatcher = (
  call: RestCall,
  sub: { method: string; url: string; body: unknown; headers: Record<string, string> },
) => RestResult;

/** Set by the REST app: runs one subrequest through the normal route table. */
let dispatcher: SubDispatcher | undefined;
export function setCompositeDispatcher(d: SubDispatcher): void {
  dispatcher = d;
}

function runOne(call: RestCall, r: SubRequest, results: Map<string, unknown>): SubResponse {
  const { store } = call.org;
  try {
    const url = substitute(r.url, results) as string;
    const body = r.body === undefined ? undefined : substitute(r.body, results);
    const res = store.savepoint(() => {
      const result = dispatcher!(call, { method: r.method, url, body, headers: r.httpHeaders ?? {} });
      if (result.status >= 400) throw new SubFailed(result);
      return result;
    });
    return {
      body: res.body ?? null,
      httpHeaders: res.headers ?? {},
      httpStatusCode: res.status,
      referenceId: r.referenceId,
    };
  } catch (e) {
    if (e instanceof SubFailed) {
      return {
        body: e.result.body ?? null,
        httpHeaders: e.result.headers ?? {},
        httpStatusCode: e.result.status,
        referenceId: r.referenceId,
      };
    }
    if (e instanceof UnresolvedReference) {
      const [ref] = e.message.split('.');
      return {
        body: [
          {
            errorCode: 'PROCESSING_HALTED',
            message: `Invalid reference specified. No value for ${e.message} found in ${ref}. Provided referenceId ('${ref}') must exist and be declared before it's used.`,
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: r.referenceId,
      };
    }
    throw e;
  }
}

function runComposite(call: RestCall): RestResult {
  if (!dispatcher) throw new Error('composite dispatcher not installed');
  const { allOrNone, requests } = parseRequests(call);
  const { store } = call.org;
  const own = !store.inTransaction();
  if (own) store.begin();
  try {
    const responses = store.savepoint(() => {
      const results = new Map<string, unknown>();
      const out: SubResponse[] = [];
      for (let i = 0; i < requests.length; i++) {
        const resp = runOne(call, requests[i], results);
        out.push(resp);
        if (resp.httpStatusCode < 300) results.set(requests[i].referenceId, resp.body);
        if (resp.httpStatusCode >= 400 && allOrNone) {
          // Everything is rolled back: the failure keeps its answer, every other subrequest is halted.
          throw new HaltAll(requests.map((r, j) => (j === i ? resp : halted(r.referenceId))));
        }
      }
      return out;
    });
    if (own) store.commit();
    return ok({ compositeResponse: responses });
  } catch (e) {
    if (e instanceof HaltAll) {
      if (own) store.commit();
      return ok({ compositeResponse: e.responses });
    }
    if (own) store.rollback();
    throw e;
  }
}

class HaltAll extends Error {
  constructor(readonly responses: SubResponse[]) {
    super('composite halted');
  }
}

class SubFailed extends Error {
  constructor(readonly result: RestResult) {
    super('subrequest failed');
  }
}

export const compositeRoutes: RouteDef[] = [
  { methods: ['POST'], pattern: /^\/composite$/, kind: 'composite', handle: (call) => runComposite(call) },
];
