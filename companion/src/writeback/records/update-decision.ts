/**
 * Newest change wins, field by field. For each field a Rox change names, in order:
 *
 * 1. A newer Rox change to the same record and field was already decided (written, or superseded
 *    by an even newer Salesforce edit): this one is superseded. Changes are ordered by their own
 *    `changedAt`, never by when they arrived.
 * 2. Salesforce already holds the value: unchanged.
 * 3. The value in Salesforce is the one the companion last wrote there: it came from an older Rox
 *    change (rule 1 ruled out newer ones), so this change is written.
 * 4. Otherwise someone else set the value, at some time no later than `setNoLaterThan`: the
 *    record's SystemModstamp if someone else modified it last; if the companion did, the last time
 *    anyone else had (record_state, read before the companion's own write); and no later than the
 *    SystemModstamp at which sync already saw this value. The Rox change wins only if it is newer.
 *    Without that knowledge the bound is the record's SystemModstamp (conservative: an edit made
 *    after the Rox change is never overwritten).
 *
 * Static values ride along with a real change only.
 */
import type { FieldBases } from '../../store/field-state-store.js';
import { sameValue, toEpoch } from '../values.js';
import type { Claimed } from '../writeback-ports.js';

export interface SupersededField {
  salesforceValue: unknown;
  reason: string;
}

export interface Decision {
  row: Claimed;
  /** The record's Id as Salesforce returned it (18 characters). */
  id: string;
  write: Record<string, unknown>;
  superseded: Map<string, SupersededField>;
  unchanged: string[];
  /** Someone other than the connected user is working on the record now: write conditionally. */
  hot?: boolean;
  /** SystemModstamp as read, for the conditional write. */
  modstamp?: string;
  /** What record_state should say after this write: the last change by someone else. */
  othersModstamp?: string;
  /**
   * Fields already holding the value because an earlier attempt of this very row wrote it (the
   * answer was lost, or the worker died): recorded as the companion's own, like a written one.
   */
  ownUnchanged: string[];
}

export interface RecordKnowledge {
  bases: FieldBases;
  /** 15-character id → the last change by someone else before the companion's last write. */
  othersModstamps: Map<string, string>;
  /** recordKey → field → the newest decided Rox change's changedAt. */
  decided: Map<string, Map<string, string>>;
  /** The connected user (their changes are the companion's own). */
  userId: string | null;
}

const HOT_MS = 10 * 60_000;
/** An earlier attempt of the row may have reached Salesforce: it failed ambiguously, or its pass or worker died. */
const MAYBE_SENT = new Set(['retry', 'lease expired', 'pass failed']);
const maybeSentBefore = (row: Claimed) => row.history.some((h) => MAYBE_SENT.has(h.event));
const id15 = (id: string) => id.slice(0, 15);

export function decide(row: Claimed, cur: Record<string, unknown>, k: RecordKnowledge): Decision {
  const id = String(cur.Id);
  const modstamp = String(cur.SystemModstamp);
  const byUs = !!k.userId && id15(String(cur.LastModifiedById ?? '')) === id15(k.userId);
  const othersModstamp = byUs ? (k.othersModstamps.get(id15(id)) ?? modstamp) : modstamp;
  const x: Decision = {
    row,
    id,
    write: {},
    superseded: new Map(),
    unchanged: [],
    ownUnchanged: [],
    hot: !byUs && toEpoch(modstamp) > Date.now() - HOT_MS,
    modstamp,
    othersModstamp,
  };
  const changedAt = toEpoch(row.changedAt);
  const decided = k.decided.get(row.recordKey);
  for (const field of row.payload.changedFields) {
    const value = row.payload.fields[field];
    const now = cur[field] ?? null;
    const newer = decided?.get(field);
    if (newer && toEpoch(newer) > changedAt) {
      x.superseded.set(field, {
        salesforceValue: now,
        reason: `a newer Rox change to this field (made ${newer}) was already decided; changes apply in the order they were made`,
      });
      continue;
    }
    if (sameValue(now, value)) {
      x.unchanged.push(field);
      if (byUs && maybeSentBefore(row)) x.ownUnchanged.push(field);
      continue;
    }
    const own = k.bases.own.get(`${id}.${field}`);
    if (own && sameValue(own.value, now)) {
      x.write[field] = value;
      continue;
    }
    let bound = toEpoch(othersModstamp);
    const synced = k.bases.synced.get(`${id}.${field}`);
    if (synced && sameValue(synced.value, now)) bound = Math.min(bound, toEpoch(synced.asOf));
    if (changedAt > bound) x.write[field] = value;
    else
      x.superseded.set(field, {
        salesforceValue: now,
        reason: 'Salesforce changed this field after the Rox change; the newest change wins',
      });
  }
  if (Object.keys(x.write).length > 0)
    for (const field of row.payload.staticFields)
      if (!sameValue(cur[field], row.payload.fields[field])) x.write[field] = row.payload.fields[field];
  return x;
}

export function outcomeOf(x: Decision): Record<string, unknown> {
  return {
    written: x.write,
    superseded: [...x.superseded].map(([field, s]) => ({
      field,
      salesforceValue: s.salesforceValue,
      reason: s.reason,
    })),
    unchanged: x.unchanged,
    rejected: x.row.payload.rejected,
  };
}

/** The values the companion now knows it wrote there. */
export function writtenValues(
  x: Decision,
  asOf: string,
  options: { sent: boolean },
): Array<{ id: string; field: string; value: unknown; asOf: string }> {
  const out = options.sent ? Object.entries(x.write).map(([field, value]) => ({ id: x.id, field, value, asOf })) : [];
  for (const field of x.ownUnchanged) out.push({ id: x.id, field, value: x.row.payload.fields[field], asOf });
  return out;
}
