/**
 * One incremental run of one object: everything with SystemModstamp at or after the saved cursor
 * minus an overlap window, through queryAll (so deleted rows come back as tombstones), ordered by
 * (SystemModstamp, Id), page by page; each page and its cursor are saved together, so a crash
 * resumes after the last saved page and a re-read row is an idempotent upsert. Rows sharing one
 * SystemModstamp, and transactions that commit late, fall inside the overlap and are never skipped.
 */
import { bulkQueryBatches } from '../salesforce/bulk-query.js';
import type { SalesforceClient } from '../salesforce/sf-client.js';
import { fromSfDateTime, soqlDateTime } from '../salesforce/soql.js';
import type { SyncState, SyncStore, SyncedRecord } from '../store/sync-store.js';
import { SKEW_MS, syncDeletes } from './deletes.js';
import type { SyncBudget } from './sync-budget.js';
import { OrderedSaves } from './ordered-saves.js';
import { readAhead } from './read-ahead.js';

export const OVERLAP_MS = 5 * 60_000;
/** Pages read ahead of the one being saved (2,000 rows each: a few MB at most). */
const READ_AHEAD = 3;
/** Pages stored side by side (PostgreSQL then uses two connections; PGlite takes them in turn). */
const SAVES_IN_FLIGHT = 2;

export interface RunResult {
  rows: number;
  pages: number;
  calls: number;
  /** Rows getDeleted or a reconciling id scan turned into tombstones. */
  tombstoned?: number;
  reconciled?: boolean;
}

export interface SyncOptions {
  overlapMs?: number;
  onPage?: (records: SyncedRecord[]) => Promise<void>;
  /** Backfills of at least `threshold` rows go through a Bulk API 2.0 query; `types` converts its CSV. */
  bulk?: { threshold: number; types: Map<string, string>; maxRecords?: number };
  /** The companion's clock (getDeleted windows). */
  now?: () => number;
  /** Consulted before each page: slows the run near the sync share of the API budget, stops it there. */
  budget?: SyncBudget;
}

/**
 * One run of one object: the first is a backfill (Bulk above the threshold, else REST pages), the
 * rest are incremental; after an incremental run, deletes the recycle bin no longer shows.
 */
export async function syncObject(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  fields: string[],
  options: SyncOptions = {},
): Promise<RunResult> {
  const now = options.now ?? Date.now;
  const startedMs = now();
  const state = await store.state(connectionId, sobject);
  await store.clearStaleInflight(connectionId, sobject);
  const select = [...new Set(['Id', 'SystemModstamp', 'IsDeleted', ...fields])];
  let result: RunResult | undefined;
  let counted = 0;
  if (!state?.cursorModstamp && options.bulk) {
    if (state?.bulk) result = await bulkBackfill(client, store, connectionId, sobject, select, state.bulk, options);
    else {
      counted = 1;
      if ((await client.count(`SELECT COUNT() FROM ${sobject}`)) >= options.bulk.threshold)
        result = await bulkBackfill(client, store, connectionId, sobject, select, null, options);
    }
  }
  result ??= await restRun(client, store, connectionId, sobject, select, state, options);
  result.calls += counted;
  if (!state?.cursorModstamp) {
    // A backfill saw every delete still in the recycle bin when it started.
    await store.setDeletesChecked(connectionId, sobject, new Date(startedMs - SKEW_MS).toISOString());
    return result;
  }
  try {
    const d = await syncDeletes(client, store, connectionId, sobject, state, now(), options.budget);
    return { ...result, calls: result.calls + d.calls, tombstoned: d.tombstoned, reconciled: d.reconciled };
  } catch (e) {
    await store.finishRun(connectionId, sobject, (e as Error).message);
    throw e;
  }
}

/** REST pages of a queryAll from the cursor (less the overlap), or of everything on a first run. */
async function restRun(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  select: string[],
  state: SyncState | undefined,
  options: SyncOptions,
): Promise<RunResult> {
  let where = '';
  if (state?.cursorModstamp) {
    const since = new Date(Date.parse(state.cursorModstamp) - (options.overlapMs ?? OVERLAP_MS)).toISOString();
    where = ` WHERE SystemModstamp >= ${soqlDateTime(since)}`;
  }
  const soql = `SELECT ${select.join(', ')} FROM ${sobject}${where} ORDER BY SystemModstamp, Id`;
  const result: RunResult = { rows: 0, pages: 0, calls: 0 };
  const saves = new OrderedSaves(SAVES_IN_FLIGHT);
  try {
    // Pages download up to READ_AHEAD ahead while earlier ones are saved, strictly in order.
    for await (const page of readAhead(
      client.queryAllPages(soql, options.budget && (() => options.budget!.beforeCall())),
      READ_AHEAD,
    )) {
      result.calls++;
      result.pages++;
      const records: SyncedRecord[] = page.records.map((r) => {
        // The record itself becomes the data, without a copy: `attributes` set to undefined is
        // left out when it is serialised.
        const data = r as Record<string, unknown>;
        data.attributes = undefined;
        return {
          id: String(data.Id),
          systemModstamp: fromSfDateTime(data.SystemModstamp),
          isDeleted: data.IsDeleted === true,
          data,
        };
      });
      const last = records[records.length - 1];
      await saves.add(store.saveRecords(connectionId, sobject, records), async () => {
        await options.onPage?.(records);
        await store.advance(connectionId, sobject, {
          cursor: last ? { modstamp: last.systemModstamp, id: last.id } : undefined,
          rows: records.length,
          calls: 1,
        });
      });
      result.rows += records.length;
    }
    await saves.drain();
    await store.finishRun(connectionId, sobject, null);
  } catch (e) {
    await saves.settle();
    await store.finishRun(connectionId, sobject, (e as Error).message);
    throw e;
  }
  return result;
}

/**
 * Reads columns of an object (Id plus `fields`, optionally filtered) page by page and merges them
 * into the stored records: a newly synced column's backfill, and formula refreshes.
 */
export async function mergeColumns(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  fields: string[],
  where = '',
): Promise<number> {
  let calls = 0;
  for await (const page of client.queryAllPages(`SELECT Id, ${fields.join(', ')} FROM ${sobject}${where}`)) {
    calls++;
    await store.mergeColumn(
      connectionId,
      sobject,
      page.records.map((r) => {
        const { attributes: _a, Id, ...data } = r as Record<string, unknown>;
        return { id: String(Id), data };
      }),
    );
  }
  return calls;
}

function fromCsv(value: string, type: string | undefined): unknown {
  if (value === '') return null;
  switch (type) {
    case 'boolean':
      return value === 'true';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return Number(value);
    default:
      return value;
  }
}

/**
 * A large first backfill: one Bulk API 2.0 queryAll job, streamed in batches saved as they come.
 * After each page the job and the next page's locator are checkpointed with that page's last batch,
 * so a crash resumes with the page after the last one saved, from the same job; the cursor is set
 * once the last page is in.
 */
async function bulkBackfill(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  select: string[],
  resume: { jobId: string; locator: string } | null,
  options: SyncOptions,
): Promise<RunResult> {
  const types = options.bulk?.types ?? new Map<string, string>();
  const result: RunResult = { rows: 0, pages: 0, calls: 0 };
  const saves = new OrderedSaves(SAVES_IN_FLIGHT);
  try {
    const batches = bulkQueryBatches(client, `SELECT ${select.join(', ')} FROM ${sobject}`, {
      maxRecords: options.bulk?.maxRecords,
      resume: resume ?? undefined,
      beforeCall: options.budget && (() => options.budget!.beforeCall()),
    });
    let started = false;
    for await (const batch of readAhead(batches, READ_AHEAD)) {
      result.calls += batch.calls;
      const records: SyncedRecord[] = batch.rows.map((row) => {
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) data[k] = fromCsv(v, types.get(k));
        return {
          id: row.Id,
          systemModstamp: fromSfDateTime(row.SystemModstamp),
          isDeleted: row.IsDeleted === 'true',
          data,
        };
      });
      // The job is checkpointed with its first batch, the next page's locator with each page's last.
      const bulk =
        batch.nextLocator !== undefined
          ? { jobId: batch.jobId, locator: batch.nextLocator }
          : !started
            ? { jobId: batch.jobId, locator: resume?.jobId === batch.jobId ? resume.locator : '' }
            : undefined;
      started = true;
      await saves.add(store.saveRecords(connectionId, sobject, records), async () => {
        await options.onPage?.(records);
        await store.advance(connectionId, sobject, { bulk, rows: records.length, calls: batch.calls });
      });
      result.rows += records.length;
      if (batch.nextLocator !== undefined) result.pages++;
    }
    await saves.drain();
    await store.finishBulk(connectionId, sobject);
    await store.finishRun(connectionId, sobject, null);
  } catch (e) {
    await saves.settle();
    await store.finishRun(connectionId, sobject, (e as Error).message);
    throw e;
  }
  return result;
}
