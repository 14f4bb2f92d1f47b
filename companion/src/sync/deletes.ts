/**
 * Deletes that queryAll cannot show. queryAll returns deleted rows only while they sit in the
 * recycle bin; Salesforce empties it after 15 days, or after 2 hours when it is over capacity, and
 * then only the delete log knows. So every DELETES_EVERY_MS an incremental run also reads
 * getDeleted from where the last read stopped (its latestDateCovered). When that point has left
 * the log — older than 15 days, or before earliestDateAvailable — no delete log can say what was
 * deleted, and a reconciling scan reads the ids of every live record instead: stored rows it does
 * not see become tombstones.
 */
import type { SalesforceClient } from '../salesforce/sf-client.js';
import type { SyncState, SyncStore } from '../store/sync-store.js';
import type { SyncBudget } from './sync-budget.js';

export const DELETES_EVERY_MS = 10 * 60_000;
/** The end of each window stays this far behind the companion's clock (clock skew with Salesforce). */
export const SKEW_MS = 2 * 60_000;
/** How far back getDeleted answers (Salesforce: 15 days), less an hour's margin. */
const LOG_SPAN_MS = 15 * 24 * 3_600_000 - 3_600_000;

export interface DeletesResult {
  calls: number;
  tombstoned: number;
  /** Set when the delete log no longer covered the gap and every id was scanned. */
  reconciled?: boolean;
}

export async function syncDeletes(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  state: SyncState,
  nowMs: number,
  budget?: SyncBudget,
): Promise<DeletesResult> {
  const end = nowMs - SKEW_MS;
  // Never checked: the run that just read the whole object saw every delete still in the bin.
  if (!state.deletesCheckedUntil) {
    await store.setDeletesChecked(connectionId, sobject, new Date(end).toISOString());
    return { calls: 0, tombstoned: 0 };
  }
  const start = Date.parse(state.deletesCheckedUntil);
  if (end - start < DELETES_EVERY_MS) return { calls: 0, tombstoned: 0 };
  if (start < nowMs - LOG_SPAN_MS) return reconcile(client, store, connectionId, sobject, end, budget);
  let calls = 0;
  let tombstoned = 0;
  let from = start;
  let span = end - start;
  // A window with more than 600,000 deletes is refused (EXCEEDED_ID_LIMIT): it is halved until it fits.
  while (end - from >= 2 * 60_000) {
    const to = Math.min(end, from + span);
    let log: Awaited<ReturnType<SalesforceClient['getDeleted']>>;
    try {
      log = await client.getDeleted(sobject, new Date(from), new Date(to));
      calls++;
    } catch (e) {
      calls++;
      if (salesforceCode(e) !== 'EXCEEDED_ID_LIMIT' || span < 4 * 60_000) throw e;
      span = Math.floor(span / 2);
      continue;
    }
    if (from === start && Date.parse(log.earliestDateAvailable) > start) {
      const r = await reconcile(client, store, connectionId, sobject, end, budget);
      return { ...r, calls: r.calls + calls };
    }
    tombstoned += await store.markDeleted(
      connectionId,
      sobject,
      log.deletedRecords.map((d) => ({ id: d.id, deletedDate: new Date(Date.parse(d.deletedDate)).toISOString() })),
      new Date(Date.parse(log.latestDateCovered)).toISOString(),
    );
    // The next window starts where this one's coverage ended (latestDateCovered, as the docs advise).
    const covered = Date.parse(log.latestDateCovered);
    if (!(covered > from) || covered < to - 60_000) break;
    from = covered;
  }
  return { calls, tombstoned };
}

const salesforceCode = (e: unknown) =>
  ((e as { details?: { salesforceErrorCode?: string } }).details ?? {}).salesforceErrorCode;

/** Reads every live id (REST pages of 2,000, within the API budget) and tombstones the stored live rows it did not see. */
async function reconcile(
  client: SalesforceClient,
  store: SyncStore,
  connectionId: string,
  sobject: string,
  end: number,
  budget: SyncBudget | undefined,
): Promise<DeletesResult> {
  await store.beginIdScan(connectionId, sobject);
  let calls = 0;
  const soql = `SELECT Id FROM ${sobject} WHERE IsDeleted = false`;
  for await (const page of client.queryAllPages<{ Id: string }>(soql, budget && (() => budget.beforeCall()))) {
    calls++;
    await store.addScanIds(
      connectionId,
      sobject,
      page.records.map((r) => r.Id),
    );
  }
  // A row created while the scan ran is not in it: only rows last changed before the window's end are judged.
  const tombstoned = await store.finishIdScan(connectionId, sobject, new Date(end).toISOString());
  return { calls, tombstoned, reconciled: true };
}
