/**
 * Field updates: resolve Salesforce ids, read the target fields and SystemModstamp of up to 200
 * records per query, keep Salesforce's value where Salesforce changed the field after Rox's change
 * (superseded), write the rest through sObject Collections (200 per call, allOrNone false), and
 * record each record's own result.
 *
 * Newest change wins, field by field: a field Salesforce changed since the companion last knew it
 * (field_state, from its own writes or sync) AND whose record changed after Rox's change keeps
 * Salesforce's value. Without a known base the record's SystemModstamp decides (conservative).
 *
 * Between our read and our write someone may edit the record. For records someone other than the
 * connected user changed in the last HOT_MS (people are working on them), the write is conditional:
 * PATCH with If-Unmodified-Since = the SystemModstamp we read, 25 per Composite call; a 412 sends the
 * row back to be read and decided again. Other records go through Collections, where that window is
 * the few milliseconds between two calls.
 */
import { bulkUpdate } from '../../salesforce/bulk-ingest.js';
import { chunk } from '../chunk.js';
import { sendConditional } from './conditional-update.js';
import { handleCallFailure, type CallFailureEffect } from '../call-failure.js';
import { MAX_ATTEMPTS, backoffMs, isRetryableRecordError } from '../retry-policy.js';
import { sameValue, toEpoch } from '../values.js';
import type { Claimed, SenderDeps } from '../writeback-ports.js';

const HOT_MS = 10 * 60_000;

function isHot(cur: Record<string, unknown>, userId: string | null): boolean {
  const byOther = !userId || String(cur.LastModifiedById ?? '').slice(0, 15) !== userId.slice(0, 15);
  return byOther && toEpoch(String(cur.SystemModstamp)) > Date.now() - HOT_MS;
}

export interface Decision {
  hot?: boolean;
  /** SystemModstamp as read, for the conditional write. */
  modstamp?: string;
  row: Claimed;
  id: string;
  write: Record<string, unknown>;
  superseded: Record<string, unknown>;
  unchanged: string[];
}

export async function sendUpdates(rows: Claimed[], d: SenderDeps): Promise<CallFailureEffect> {
  const bySobject = new Map<string, Claimed[]>();
  for (const r of rows) bySobject.set(r.sobject, [...(bySobject.get(r.sobject) ?? []), r]);
  let effect: CallFailureEffect = {};
  for (const [sobject, group] of bySobject) {
    const e = await sendGroup(sobject, group, d);
    if (e.pauseMs) effect = e;
  }
  return effect;
}

async function sendGroup(sobject: string, rows: Claimed[], d: SenderDeps): Promise<CallFailureEffect> {
  const known = await d.ids.lookup(
    d.connectionId,
    sobject,
    rows.filter((r) => !r.payload.salesforceId).map((r) => r.roxId),
  );
  const withIds: Array<{ row: Claimed; id: string }> = [];
  for (const row of rows) {
    const id = row.payload.salesforceId ?? known.get(row.roxId);
    if (id) withIds.push({ row, id });
    else
      await d.outbox.finish(row.id, 'failed', {
        error: {
          code: 'UNKNOWN_RECORD',
          message: `No Salesforce ${sobject} is known for Rox id ${row.roxId}: send salesforceId, or create the record first`,
        },
      });
  }
  const pending: Decision[] = [];
  // One read block: up to 2,000 records in one Collections retrieve.
  for (const part of chunk(withIds, READ_BLOCK)) {
    const fields = [...new Set(part.flatMap((p) => [...p.row.payload.changedFields, ...p.row.payload.staticFields]))];
    let current: Array<Record<string, unknown>>;
    try {
      current = await readCurrent(
        d,
        sobject,
        part.map((p) => p.id),
        fields,
      );
    } catch (e) {
      return handleCallFailure(
        e,
        part.map((p) => p.row),
        d.outbox,
      );
    }
    const byId = new Map(current.map((r) => [String(r.Id).slice(0, 15), r]));
    const bases = await d.fieldState.bases(
      d.connectionId,
      sobject,
      part.map((p) => p.id),
    );
    const decisions: Decision[] = [];
    for (const p of part) {
      const cur = byId.get(p.id.slice(0, 15));
      if (!cur) {
        await d.outbox.finish(p.row.id, 'failed', {
          error: {
            code: 'RECORD_NOT_FOUND',
            message: `${sobject} ${p.id} was deleted or is not visible to the connected user`,
          },
        });
        continue;
      }
      decisions.push({
        ...decide(p.row, String(cur.Id), cur, bases),
        hot: isHot(cur, d.userId),
        modstamp: String(cur.SystemModstamp),
      });
    }
    const writing = decisions.filter((x) => Object.keys(x.write).length > 0);
    const hot = writing.filter((x) => x.hot);
    const toSend = writing.filter((x) => !x.hot);
    for (const x of decisions.filter((y) => Object.keys(y.write).length === 0)) {
      const state = Object.keys(x.superseded).length > 0 ? 'superseded' : 'written';
      await d.outbox.finish(x.row.id, state, outcomeOf(x), { salesforceId: x.id });
    }
    if (hot.length > 0) {
      const e = await sendConditional(sobject, hot, d, outcomeOf);
      if (e.pauseMs) return e;
    }
    pending.push(...toSend);
  }
  // Large batches cost fewer calls through one Bulk API 2.0 job than through Collections.
  if (pending.length >= d.bulkThreshold)
    return writeBatch(sobject, pending, d, (records) => bulkUpdate(d.client, sobject, records));
  for (const batch of chunk(pending, 200)) {
    const e = await writeBatch(sobject, batch, d, (records) => d.client.updateRecords(sobject, records));
    if (e.pauseMs) return e;
  }
  return {};
}

// sObject Collections retrieve reads up to 2,000 records by Id in one call.
const READ_BLOCK = 2000;

/** Current values of the records, read with sObject Collections retrieve. */
async function readCurrent(
  d: SenderDeps,
  sobject: string,
  ids: string[],
  fields: string[],
): Promise<Array<Record<string, unknown>>> {
  const rows = await d.client.retrieveRecords(sobject, ids, ['Id', 'SystemModstamp', 'LastModifiedById', ...fields]);
  return rows.filter((r): r is Record<string, unknown> => r !== null);
}

type Sender = (
  records: Array<{ Id: string } & Record<string, unknown>>,
) => Promise<Array<{ success: boolean; errors: Array<{ statusCode: string; message: string; fields?: string[] }> }>>;

/** One update call (Collections of ≤200, or a Bulk job), each record with its own result. */
async function writeBatch(
  sobject: string,
  toSend: Decision[],
  d: SenderDeps,
  send: Sender,
): Promise<{ pauseMs?: number }> {
  let results;
  try {
    results = await send(toSend.map((x) => ({ Id: x.id, ...x.write })));
  } catch (e) {
    return handleCallFailure(
      e,
      toSend.map((x) => x.row),
      d.outbox,
    );
  }
  const now = new Date().toISOString();
  const written: Array<{ id: string; field: string; value: unknown; asOf: string }> = [];
  for (let i = 0; i < toSend.length; i++) {
    const x = toSend[i];
    const r = results[i];
    if (r?.success) {
      for (const [field, value] of Object.entries(x.write)) written.push({ id: x.id, field, value, asOf: now });
      await d.outbox.finish(x.row.id, 'written', outcomeOf(x), { salesforceId: x.id });
      continue;
    }
    const errors = r?.errors ?? [{ statusCode: 'UNKNOWN', message: 'no result for this record' }];
    const retryable = errors.every((er) => isRetryableRecordError(er.statusCode));
    const detail = errors.map((er) => `${er.statusCode}: ${er.message}`).join('; ');
    if (retryable && x.row.attempts < MAX_ATTEMPTS)
      await d.outbox.retryLater(x.row.id, backoffMs(x.row.attempts), 'retry', detail);
    else await d.outbox.finish(x.row.id, 'failed', { ...outcomeOf(x), errors }, { salesforceId: x.id, detail });
  }
  await d.fieldState.record(d.connectionId, sobject, written, 'writeback');
  return {};
}

function decide(
  row: Claimed,
  id: string,
  cur: Record<string, unknown>,
  bases: Map<string, { value: unknown; asOf: string }>,
): Decision {
  const x: Decision = { row, id, write: {}, superseded: {}, unchanged: [] };
  const sfNewer = toEpoch(String(cur.SystemModstamp)) > toEpoch(row.changedAt);
  for (const field of row.payload.changedFields) {
    const value = row.payload.fields[field];
    const now = cur[field];
    if (sameValue(now, value)) {
      x.unchanged.push(field);
      continue;
    }
    const base = bases.get(`${id}.${field}`);
    const changedInSalesforce = base ? !sameValue(base.value, now) : true;
    if (changedInSalesforce && sfNewer) x.superseded[field] = now ?? null;
    else x.write[field] = value;
  }
  // Static values ride along with a real change only.
  if (Object.keys(x.write).length > 0)
    for (const field of row.payload.staticFields)
      if (!sameValue(cur[field], row.payload.fields[field])) x.write[field] = row.payload.fields[field];
  return x;
}

export function outcomeOf(x: Decision): Record<string, unknown> {
  return {
    written: x.write,
    superseded: Object.entries(x.superseded).map(([field, salesforceValue]) => ({
      field,
      salesforceValue,
      reason: 'Salesforce changed this field after the Rox change; the newest change wins',
    })),
    unchanged: x.unchanged,
    rejected: x.row.payload.rejected,
  };
}
