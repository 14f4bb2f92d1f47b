/**
 * One incremental run of one object: everything with SystemModstamp at or after the saved cursor
 * minus an overlap window, through queryAll (so deleted rows come back as tombstones), ordered by
 * (SystemModstamp, Id), page by page; each page and its cursor are saved together, so a crash
 * resumes after the last saved page and a re-read row is an idempotent upsert. Rows sharing one
 * SystemModstamp, and transactions that commit late, fall inside the overlap and are never skipped.
 */
import type { SalesforceClient } from '../salesforce/sf-client.js';
import type { SyncStore, SyncedRecord } from '../store/sync-store.js';

export const OVERLAP_MS = 5 * 60_000;

export interface RunResult {
  rows: number;
  pages: number;
  calls: number;
}

function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function syncObject(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  fields: string[],
  options: { overlapMs?: number; onPage?: (records: SyncedRecord[]) => Promise<void> } = {},
): Promise<RunResult> {
  const state = await store.state(connectionId, sobject);
  const select = [...new Set(['Id', 'SystemModstamp', 'IsDeleted', ...fields])];
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
          systemModstamp: String(data.SystemModstamp).replace(/\+0000$/, 'Z'),
          isDeleted: data.IsDeleted === true,
          data,
        };
      });
      await store.savePage(connectionId, sobject, records, 1);
      await options.onPage?.(records);
      result.rows += records.length;
      if (page.done || !page.nextRecordsUrl) break;
      page = await client.queryAllPage({ nextRecordsUrl: page.nextRecordsUrl });
    }
    await store.finishRun(connectionId, sobject, null);
  } catch (e) {
    await store.finishRun(connectionId, sobject, (e as Error).message);
    throw e;
  }
  return result;
}

/** Backfills newly synced columns alone (schema drift or a new mapping): Id plus those fields. */
export async function backfillColumns(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  fields: string[],
): Promise<number> {
  let page = await client.queryAllPage({ soql: `SELECT Id, ${fields.join(', ')} FROM ${sobject}` });
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
