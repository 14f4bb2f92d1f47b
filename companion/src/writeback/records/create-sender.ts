/**
 * New records, exactly once. Each record is created together with its RoxAI__ID_Mapping__c row
 * (Rox Entity ID is unique) in one all-or-none Composite request, so the pair exists in Salesforce
 * or neither does. Before creating, Rox ids already mapped (in the store, or in Salesforce after a
 * crash between Salesforce's commit and ours) are reported as written with their Salesforce id: a
 * retried create never makes a second record. Twelve records (24 subrequests) per call; when one
 * record fails, the others were rolled back and go straight back to the queue without it.
 */
import { SF } from '../../salesforce/names.js';
import type { CompositeSubrequest } from '../../salesforce/sf-client.js';
import { handleCallFailure, type CallFailureEffect } from '../call-failure.js';
import { chunk } from '../chunk.js';
import { MAX_ATTEMPTS, backoffMs, isRetryableRecordError } from '../retry-policy.js';
import { soqlString } from '../values.js';
import type { Claimed, SenderDeps } from '../writeback-ports.js';

const PER_CALL = 12;
const HALTED = new Set(['PROCESSING_HALTED', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
const M = SF.idMapping;

export async function sendCreates(rows: Claimed[], d: SenderDeps): Promise<CallFailureEffect> {
  for (const sobject of new Set(rows.map((r) => r.sobject))) {
    const group = rows.filter((r) => r.sobject === sobject);
    const existing = await d.ids.lookup(
      d.connectionId,
      sobject,
      group.map((r) => r.roxId),
    );
    const unknown = group.filter((r) => !existing.has(r.roxId));
    if (unknown.length > 0) {
      try {
        for (const part of chunk(unknown, 200)) {
          const found = await d.client.query<Record<string, unknown>>(
            `SELECT ${M.roxEntityId}, ${M.salesforceRecordId} FROM ${M.object} WHERE ${M.salesforceObject} = ${soqlString(sobject)} AND ${M.roxEntityId} IN (${part.map((r) => soqlString(r.roxId)).join(', ')})`,
          );
          for (const f of found)
            if (f[M.salesforceRecordId]) existing.set(String(f[M.roxEntityId]), String(f[M.salesforceRecordId]));
        }
      } catch (e) {
        return handleCallFailure(e, group, d.outbox);
      }
    }
    for (const r of group.filter((x) => existing.has(x.roxId))) {
      const id = existing.get(r.roxId)!;
      await d.ids.save(d.connectionId, [
        { sobject, roxId: r.roxId, salesforceId: id, reason: 'created by Rox writeback' },
      ]);
      await d.outbox.finish(
        r.id,
        'written',
        { created: false, alreadyCreated: true, fields: r.payload.fields, rejected: r.payload.rejected },
        {
          salesforceId: id,
          detail: 'the record was created by an earlier attempt',
        },
      );
    }
    for (const part of chunk(
      group.filter((x) => !existing.has(x.roxId)),
      PER_CALL,
    )) {
      const effect = await createPart(sobject, part, d);
      if (effect.pauseMs) return effect;
    }
  }
  return {};
}

async function createPart(sobject: string, part: Claimed[], d: SenderDeps): Promise<CallFailureEffect> {
  const now = new Date().toISOString();
  const subrequests: CompositeSubrequest[] = part.flatMap((r, i) => [
    { method: 'POST', url: `/sobjects/${sobject}`, referenceId: `rec${i}`, body: r.payload.fields },
    {
      method: 'POST',
      url: `/sobjects/${M.object}`,
      referenceId: `map${i}`,
      body: {
        [M.roxEntityId]: r.roxId,
        [M.salesforceRecordId]: `@{rec${i}.id}`,
        [M.salesforceObject]: sobject,
        [M.roxEntityType]: sobject,
        [M.lastConfirmedAt]: now,
        [M.matchReason]: 'created by Rox writeback',
      },
    },
  ]);
  let responses;
  try {
    responses = await d.client.composite(subrequests, true);
  } catch (e) {
    return handleCallFailure(e, part, d.outbox);
  }
  const byRef = new Map(responses.map((r) => [r.referenceId, r]));
  const ok = part.every(
    (_, i) =>
      (byRef.get(`rec${i}`)?.httpStatusCode ?? 500) < 300 && (byRef.get(`map${i}`)?.httpStatusCode ?? 500) < 300,
  );
  if (ok) {
    const created = part.map((r, i) => ({ r, id: String((byRef.get(`rec${i}`)!.body as { id: string }).id) }));
    await d.ids.save(
      d.connectionId,
      created.map(({ r, id }) => ({ sobject, roxId: r.roxId, salesforceId: id, reason: 'created by Rox writeback' })),
    );
    for (const { r, id } of created)
      await d.outbox.finish(
        r.id,
        'written',
        { created: true, fields: r.payload.fields, rejected: r.payload.rejected },
        { salesforceId: id },
      );
    return {};
  }
  for (let i = 0; i < part.length; i++) {
    const r = part[i];
    const errs = [byRef.get(`rec${i}`), byRef.get(`map${i}`)]
      .flatMap((x) =>
        Array.isArray(x?.body) ? (x!.body as Array<{ errorCode: string; message: string; fields?: string[] }>) : [],
      )
      .filter((e) => !HALTED.has(e.errorCode));
    const mapDup = (
      Array.isArray(byRef.get(`map${i}`)?.body) ? (byRef.get(`map${i}`)!.body as Array<{ errorCode: string }>) : []
    ).some((e) => e.errorCode === 'DUPLICATE_VALUE');
    if (mapDup && r.attempts < MAX_ATTEMPTS) {
      // Another attempt (or instance) already mapped this Rox id: the next pass finds and reports it.
      await d.outbox.retryLater(r.id, 0, 'already mapped', 'the Rox id is already in the ID mapping', false);
      continue;
    }
    if (errs.length === 0) {
      // Rolled back only because another record in the same call failed: send again at once.
      await d.outbox.retryLater(r.id, 0, 'rolled back', 'another record in the same call failed', false);
      continue;
    }
    const detail = errs.map((e) => `${e.errorCode}: ${e.message}`).join('; ');
    const errors = errs.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }));
    if (errs.every((e) => isRetryableRecordError(e.errorCode)) && r.attempts < MAX_ATTEMPTS)
      await d.outbox.retryLater(r.id, backoffMs(r.attempts), 'retry', detail);
    else await d.outbox.finish(r.id, 'failed', { created: false, errors, fields: r.payload.fields }, { detail });
  }
  return {};
}
