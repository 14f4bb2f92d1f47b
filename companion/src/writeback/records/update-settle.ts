/**
 * Settling record updates: the ledger outcome of each decision, committed with what it teaches the
 * next change (the values now in Salesforce by the companion's hand, and who else last changed
 * each record).
 */
import type { Queryable } from '../../store/db.js';
import type { Settlement } from '../../store/writeback-store.js';
import type { SenderDeps } from '../writeback-ports.js';
import { type Decision, outcomeOf, writtenValues } from './update-decision.js';

export interface UpdateOptions {
  /** Rows that are creates of records that already exist: reported as such in the ledger. */
  alreadyCreated?: Set<string>;
}

/** The ledger outcome of a decision (with the create it came from, for an already-created record). */
export function outcome(x: Decision, o: UpdateOptions): Record<string, unknown> {
  const base = outcomeOf(x);
  return o.alreadyCreated?.has(x.row.id) ? { created: false, alreadyCreated: true, ...base } : base;
}

/**
 * Settles decisions whose writes succeeded (or that had nothing to write) with what they teach the
 * next change: the values now in Salesforce by our hand, and who else last changed each record.
 */
export function settledWrites(
  d: SenderDeps,
  sobject: string,
  done: Array<{ x: Decision; sent: boolean; extra?: Record<string, unknown> }>,
  o: UpdateOptions,
): { settlements: Settlement[]; effects: (tx: Queryable) => Promise<void> } {
  const asOf = new Date().toISOString();
  const settlements: Settlement[] = done.map(({ x, extra }) => ({
    id: x.row.id,
    state: x.superseded.size > 0 && Object.keys(x.write).length === 0 ? 'superseded' : 'written',
    outcome: { ...outcome(x, o), ...extra },
    salesforceId: x.id,
    detail: o.alreadyCreated?.has(x.row.id) ? 'the record was created by an earlier attempt' : undefined,
  }));
  const values = done.flatMap(({ x, sent }) => writtenValues(x, asOf, { sent }));
  const others = done.filter((s) => s.sent).map(({ x }) => ({ id: x.id, othersModstamp: String(x.othersModstamp) }));
  return {
    settlements,
    effects: async (tx) => {
      await d.fieldState.record(d.connectionId, sobject, values, 'writeback', tx);
      // An update that named both ids pairs them, so the record can be read by its Rox id.
      await d.ids.pair(
        d.connectionId,
        done
          .filter(({ x }) => x.row.payload.salesforceId)
          .map(({ x }) => ({ sobject, roxId: x.row.roxId, salesforceId: x.id })),
        tx,
      );
      await d.fieldState.recordOthersModstamps(d.connectionId, sobject, others, tx);
    },
  };
}
