/**
 * Field updates: resolve Salesforce ids, read the target fields, SystemModstamp and LastModifiedById
 * of up to 2,000 records per call (sObject Collections retrieve), decide field by field which
 * change is newest (update-decision.ts), write the rest through sObject Collections (200 per
 * call, allOrNone false) or one Bulk API 2.0 job, and settle each record's own result together
 * with the values written.
 *
 * Between our read and our write someone may edit the record. For records someone other than the
 * connected user changed in the last ten minutes (people are working on them), the write is
 * conditional: PATCH with If-Unmodified-Since = the SystemModstamp we read, 25 per Composite call;
 * a 412 sends the row back to be read and decided again. Other records go through Collections,
 * where that window is the few milliseconds between two calls.
 */
import { bulkUpdate } from '../../salesforce/bulk-ingest.js';
import type { Settlement } from '../../store/writeback-store.js';
import { chunk } from '../chunk.js';
import { type RecordError, classifyRecordErrors, settleFailure } from '../retry-policy.js';
import { oldest } from '../values.js';
import type { CallFailureEffect } from '../writeback-pass.js';
import type { Claimed, SenderDeps } from '../writeback-ports.js';
import { sendConditional } from './conditional-update.js';
import { type Decision, decide } from './update-decision.js';
import { type UpdateOptions, outcome, settledWrites } from './update-settle.js';

export type { UpdateOptions } from './update-settle.js';

// sObject Collections retrieve reads up to 2,000 records by Id in one call.
const READ_BLOCK = 2000;

export async function sendUpdates(rows: Claimed[], d: SenderDeps, o: UpdateOptions = {}): Promise<CallFailureEffect> {
  const bySobject = new Map<string, Claimed[]>();
  for (const r of rows) bySobject.set(r.sobject, [...(bySobject.get(r.sobject) ?? []), r]);
  for (const [sobject, group] of bySobject) {
    const e = await sendGroup(sobject, group, d, o);
    if (e.pauseMs) return e;
  }
  return {};
}

async function sendGroup(
  sobject: string,
  rows: Claimed[],
  d: SenderDeps,
  o: UpdateOptions,
): Promise<CallFailureEffect> {
  const known = await d.ids.lookup(
    d.connectionId,
    sobject,
    rows.filter((r) => !r.payload.salesforceId).map((r) => r.roxId),
  );
  const withIds: Array<{ row: Claimed; id: string }> = [];
  const unknown: Settlement[] = [];
  for (const row of rows) {
    const id = row.payload.salesforceId ?? known.get(row.roxId);
    if (id) withIds.push({ row, id });
    else
      unknown.push({
        id: row.id,
        state: 'failed',
        outcome: {
          error: {
            code: 'UNKNOWN_RECORD',
            message: `No Salesforce ${sobject} is known for Rox id ${row.roxId}: send salesforceId, or create the record first`,
          },
        },
      });
  }
  await d.pass.settle(unknown);
  const pending: Decision[] = [];
  for (const part of chunk(withIds, READ_BLOCK)) {
    const fields = [...new Set(part.flatMap((p) => [...p.row.payload.changedFields, ...p.row.payload.staticFields]))];
    let current: Array<Record<string, unknown>>;
    try {
      current = (
        await d.client.retrieveRecords(
          sobject,
          part.map((p) => p.id),
          ['Id', 'SystemModstamp', 'LastModifiedById', ...fields],
        )
      ).filter((r): r is Record<string, unknown> => r !== null);
    } catch (e) {
      const effect = await d.pass.failCall(
        e,
        part.map((p) => p.row),
      );
      if (effect.pauseMs) return effect;
      continue;
    }
    const byId = new Map(current.map((r) => [String(r.Id).slice(0, 15), r]));
    const ids = current.map((r) => String(r.Id));
    const [bases, othersModstamps, decided] = await Promise.all([
      d.fieldState.bases(d.connectionId, sobject, ids),
      d.fieldState.othersModstamps(d.connectionId, sobject, ids),
      d.outbox.decidedChanges(
        d.connectionId,
        part.map((p) => p.row.recordKey),
        oldest(part.map((p) => p.row.changedAt)),
      ),
    ]);
    const decisions: Decision[] = [];
    const missing: Settlement[] = [];
    for (const p of part) {
      const cur = byId.get(p.id.slice(0, 15));
      if (!cur)
        missing.push({
          id: p.row.id,
          state: 'failed',
          outcome: {
            error: {
              code: 'RECORD_NOT_FOUND',
              message: `${sobject} ${p.id} was deleted or is not visible to the connected user`,
            },
          },
        });
      else decisions.push(decide(p.row, cur, { bases, othersModstamps, decided, userId: d.userId }));
    }
    await d.pass.settle(missing);
    const nothing = decisions.filter((x) => Object.keys(x.write).length === 0);
    const decided0 = settledWrites(
      d,
      sobject,
      nothing.map((x) => ({ x, sent: false })),
      o,
    );
    await d.pass.settle(decided0.settlements, decided0.effects);
    const writing = decisions.filter((x) => Object.keys(x.write).length > 0);
    const hot = writing.filter((x) => x.hot);
    if (hot.length > 0) {
      const e = await sendConditional(sobject, hot, d, o);
      if (e.pauseMs) return e;
    }
    pending.push(...writing.filter((x) => !x.hot));
  }
  // Large batches cost fewer calls through one Bulk API 2.0 job than through Collections.
  if (pending.length >= d.bulkThreshold)
    return writeBatch(sobject, pending, d, o, (records) => bulkUpdate(d.client, sobject, records));
  for (const batch of chunk(pending, 200)) {
    const e = await writeBatch(sobject, batch, d, o, (records) => d.client.updateRecords(sobject, records));
    if (e.pauseMs) return e;
  }
  return {};
}

type Sender = (
  records: Array<{ Id: string } & Record<string, unknown>>,
) => Promise<Array<{ success: boolean; errors: RecordError[] }>>;

/** One update call (Collections of ≤200, or a Bulk job), each record with its own result. */
async function writeBatch(
  sobject: string,
  toSend: Decision[],
  d: SenderDeps,
  o: UpdateOptions,
  send: Sender,
): Promise<CallFailureEffect> {
  let results;
  try {
    results = await send(toSend.map((x) => ({ Id: x.id, ...x.write })));
  } catch (e) {
    return d.pass.failCall(
      e,
      toSend.map((x) => x.row),
    );
  }
  const ok: Decision[] = [];
  const failed: Settlement[] = [];
  toSend.forEach((x, i) => {
    const r = results[i];
    if (r?.success) {
      ok.push(x);
      return;
    }
    const errors = r?.errors ?? [{ statusCode: 'UNKNOWN', message: 'no result for this record' }];
    const detail = errors.map((er) => `${er.statusCode}: ${er.message}`).join('; ');
    failed.push(
      settleFailure(x.row, classifyRecordErrors(errors), d.pass.retry, detail, { ...outcome(x, o), errors }, x.id),
    );
  });
  const written = settledWrites(
    d,
    sobject,
    ok.map((x) => ({ x, sent: true })),
    o,
  );
  await d.pass.settle([...written.settlements, ...failed], written.effects);
  return {};
}
