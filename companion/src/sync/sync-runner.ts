/**
 * One incremental run of one object: everything with SystemModstamp at or after the saved cursor
 * minus an overlap window, through queryAll (so deleted rows come back as tombstones), ordered by
 * (SystemModstamp, Id), page by page; each page and its cursor are saved together, so a crash
 * resumes after the last saved page and a re-read row is an idempotent upsert. Rows sharing one
 * SystemModstamp, and transactions that commit late, fall inside the overlap and are never skipped.
 */
import { bulkQueryPages } from '../salesforce/bulk-query.js';
import type { SalesforceClient } from '../salesforce/sf-client.js';
import { fromSfDateTime, soqlDateTime } from '../salesforce/soql.js';
import type { SyncStore, SyncedRecord } from '../store/sync-store.js';

export const OVERLAP_MS = 5 * 60_000;

export interface RunResult {
  rows: number;
  pages: number;
  calls: number;
}

export async function syncObject(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  fields: string[],
  options: {
    overlapMs?: number;
    onPage?: (records: SyncedRecord[]) => Promise<void>;
    /** Backfills of at least `threshold` rows go through a Bulk API 2.0 query; `types` converts its CSV. */
    bulk?: { threshold: number; types: Map<string, string>; maxRecords?: number };
  } = {},
): Promise<RunResult> {
  const state = await store.state(connectionId, sobject);
  const select = [...new Set(['Id', 'SystemModstamp', 'IsDeleted', ...fields])];
  if (!state?.cursorModstamp && options.bulk) {
    const total = await client.count(`SELECT COUNT() FROM ${sobject}`);
    if (total >= options.bulk.threshold) return bulkBackfill(client, store, connectionId, sobject, select, options);
  }
  let where = '';
  if (state?.cursorModstamp) {
    const since = new Date(Date.parse(state.cursorModstamp) - (options.overlapMs ?? OVERLAP_MS)).toISOString();
    where = ` WHERE SystemModstamp >= ${soqlDateTime(since)}`;
  }
  const soql = `SELECT ${select.join(', ')} FROM ${sobject}${where} ORDER BY SystemModstamp, Id`;
  const result: RunResult = { rows: 0, pages: 0, calls: 0 };
  try {
    let page = await client.queryAllPage({ soql });
    for (;;) {
      result.calls++;
      result.pages++;
      const records: SyncedRecord[] = page.records.map((r) => {
        const { attributes: _a, ...data } = r as Record<string, unknown> & { attributes?: unknown };
        return {
          id: String(data.Id),
          systemModstamp: fromSfDateTime(data.SystemModstamp),
          isDeleted: data.IsDeleted === true,
          data,
        };
      });
      // Fetch the next page while this one is saved (network and store work overlap).
      const next =
        page.done || !page.nextRecordsUrl ? undefined : client.queryAllPage({ nextRecordsUrl: page.nextRecordsUrl });
      next?.catch(() => undefined);
      await store.savePage(connectionId, sobject, records, 1);
      await options.onPage?.(records);
      result.rows += records.length;
      if (!next) break;
      page = await next;
    }
    await store.finishRun(connectionId, sobject, null);
  } catch (e) {
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
  let page = await client.queryAllPage({ soql: `SELECT Id, ${fields.join(', ')} FROM ${sobject}${where}` });
  let calls = 0;
  for (;;) {
    calls++;
    await store.mergeColumn(
      connectionId,
      sobject,
      page.records.map((r) => {
        const { attributes: _a, Id, ...data } = r as Record<string, unknown>;
        return { id: String(Id), data };
      }),
    );
    if (page.done || !page.nextRecordsUrl) return calls;
    page = await client.queryAllPage({ nextRecordsUrl: page.nextRecordsUrl });
  }
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

/** A large first backfill: one Bulk API 2.0 queryAll job, pages saved as they come, cursor at the end. */
async function bulkBackfill(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  select: string[],
  options: {
    onPage?: (records: SyncedRecord[]) => Promise<void>;
    bulk?: { types: Map<string, string>; maxRecords?: number };
  },
): Promise<RunResult> {
  const types = options.bulk?.types ?? new Map<string, string>();
  let max = { modstamp: '', id: '' };
  const result: RunResult = { rows: 0, pages: 0, calls: 1 };
  try {
    const r = await bulkQueryPages(
      client,
      `SELECT ${select.join(', ')} FROM ${sobject}`,
      async (rows) => {
        const records: SyncedRecord[] = rows.map((row) => {
          const data: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) data[k] = fromCsv(v, types.get(k));
          const stamp = fromSfDateTime(row.SystemModstamp);
          if (stamp > max.modstamp || (stamp === max.modstamp && row.Id > max.id))
            max = { modstamp: stamp, id: row.Id };
          return { id: row.Id, systemModstamp: stamp, isDeleted: row.IsDeleted === 'true', data };
        });
        // Saved 2,000 at a time so a 25,000-row page never becomes one huge statement.
        for (let i = 0; i < records.length; i += 2000) {
          const part = records.slice(i, i + 2000);
          await store.savePage(connectionId, sobject, part, i === 0 ? 1 : 0, { cursor: null });
          await options.onPage?.(part);
        }
        result.pages++;
      },
      { maxRecords: options.bulk?.maxRecords },
    );
    result.rows = r.rows;
    result.calls += r.calls;
    if (max.modstamp) await store.setCursor(connectionId, sobject, max.modstamp, max.id);
    await store.finishRun(connectionId, sobject, null, r.calls);
  } catch (e) {
    await store.finishRun(connectionId, sobject, (e as Error).message);
    throw e;
  }
  return result;
}
