/**
 * Query, queryAll and query locators (facts §A4). The first page and every next page hold at most
 * the batch size (default 2000, `Sforce-Query-Options: batchSize=N` in 200..2000), counting child
 * records; `nextRecordsUrl` is `/services/data/vXX.X/query/<locator>-<offset>` for both query and
 * queryAll. The locator keeps references to the matching rows and projects each page on demand.
 */
import { OrgError } from '../core/errors.js';
import type { QueryLocator } from '../org.js';
import { runSoql } from '../soql/soql-engine.js';
import type { SoqlResult } from '../soql/soql-types.js';
import { explainQuery } from './routes-client.js';
import { type RestCall, type RestResult, type RouteDef, decode, ok } from './rest-types.js';

const DEFAULT_BATCH = 2000;
const LOCATOR_TTL_MS = 2 * 24 * 3600 * 1000;

export function batchSize(call: RestCall): number {
  const header = call.headers['sforce-query-options'];
  const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!m) return DEFAULT_BATCH;
  return Math.min(2000, Math.max(200, Number(m[1])));
}

function childCount(record: Record<string, unknown>): number {
  let n = 0;
  for (const v of Object.values(record)) {
    if (v && typeof v === 'object' && Array.isArray((v as { records?: unknown }).records))
      n += (v as { records: unknown[] }).records.length;
  }
  return n;
}

function page(call: RestCall, result: SoqlResult, offset: number, size: number, locator?: string): RestResult {
  const records: Array<Record<string, unknown>> = [];
  let used = 0;
  let i = offset;
  while (i < result.rows.length && (records.length === 0 || used < size)) {
    const rec = result.project(result.rows[i]);
    const cost = 1 + childCount(rec);
    if (records.length > 0 && used + cost > size) break;
    records.push(rec);
    used += cost;
    i++;
  }
  const done = i >= result.rows.length;
  let loc = locator;
  if (!done && !loc) {
    loc = call.org.newLocator({
      result,
      userId: call.session.userId,
      apiVersion: call.apiVersion,
      expiresAt: call.org.clock.nowMs() + LOCATOR_TTL_MS,
    });
  }
  if (done && loc) call.org.queryLocators.delete(loc);
  const body: Record<string, unknown> = { totalSize: result.rows.length, done };
  if (!done) body.nextRecordsUrl = `/services/data/v${call.apiVersion}/query/${loc}-${i}`;
  body.records = records;
  return ok(body);
}

function runQuery(call: RestCall, all: boolean): RestResult {
  // `explain` instead of `q`: Query Performance Feedback (routes-client.ts).
  if (!all && call.query.has('explain') && !call.query.has('q')) return explainQuery(call);
  const q = call.query.get('q');
  if (q === null || q.trim() === '') throw new OrgError('MALFORMED_QUERY', 'A query string has to be specified');
  const result = runSoql(q, call.org.soqlSource(call.access), {
    includeDeleted: all,
    apiVersion: call.apiVersion,
    userId: call.session.userId,
  });
  if (result.recentUsage) markRecentlyViewed(call, result);
  if (result.isCount) return ok({ totalSize: result.count, done: true, records: [] });
  // Aggregate queries have no queryMore: every group (at most 2,000, soql-aggregate.ts) on one page.
  if (result.isAggregate) return ok({ totalSize: result.count, done: true, records: result.rows.map(result.project) });
  return page(call, result, 0, batchSize(call));
}

/**
 * FOR VIEW / FOR REFERENCE: "To mark a record as recently viewed using REST API, use the Query
 * resource with a FOR VIEW or FOR REFERENCE clause"
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-mark-records-as-recently-viewed.md).
 * Every returned row, all pages, is marked at query time, in result order (so the last row is the
 * newest entry); both that order and marking rows not yet fetched are UNCONFIRMED. LastViewedDate /
 * LastReferencedDate are not stamped (the local schema does not carry them).
 */
function markRecentlyViewed(call: RestCall, result: SoqlResult): void {
  for (const row of result.rows) call.org.recentlyViewed.markViewed(call.session.userId, result.objectName, row.Id);
}

function invalidLocator(): OrgError {
  // UNCONFIRMED HTTP status (400) for an unknown or expired locator.
  return new OrgError('INVALID_QUERY_LOCATOR', 'invalid query locator');
}

function nextPage(call: RestCall, raw: string): RestResult {
  const m = /^(.+)-(\d+)$/.exec(decode(raw));
  const locator = m ? m[1] : decode(raw);
  const entry: QueryLocator | undefined = call.org.queryLocators.get(locator);
  if (!entry || entry.userId !== call.session.userId) throw invalidLocator();
  if (entry.expiresAt <= call.org.clock.nowMs()) {
    call.org.queryLocators.delete(locator);
    throw invalidLocator();
  }
  const offset = m ? Number(m[2]) : 0;
  if (offset > entry.result.rows.length) throw invalidLocator();
  return page(call, entry.result, offset, batchSize(call), locator);
}

export const queryRoutes: RouteDef[] = [
  { methods: ['GET'], pattern: /^\/query$/, kind: 'query', handle: (call) => runQuery(call, false) },
  { methods: ['GET'], pattern: /^\/queryAll$/, kind: 'queryAll', handle: (call) => runQuery(call, true) },
  { methods: ['GET'], pattern: /^\/query\/([^/]+)$/, kind: 'query', handle: (call, m) => nextPage(call, m[1]) },
  { methods: ['GET'], pattern: /^\/queryAll\/([^/]+)$/, kind: 'queryAll', handle: (call, m) => nextPage(call, m[1]) },
];
