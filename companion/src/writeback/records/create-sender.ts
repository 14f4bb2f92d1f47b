/**
 * New records, exactly once. Each record is created together with its RoxAI__ID_Mapping__c row
 * (Rox Entity ID is unique) in one all-or-none Composite request, so the pair exists in Salesforce
 * or neither does. Before creating, Rox ids already mapped (in the store, or in Salesforce after a
 * crash or a lost answer between Salesforce's commit and ours) are not created again: their fields
 * go through the update path, so a create resent with newer values still lands them and one resent
 * unchanged is reported as already created. Twelve records (24 subrequests) per call; when one
 * record fails, the others were rolled back and go straight back to the queue without it.
 *
 * A created record's fields are recorded as the companion's own, and nobody else has changed it
 * yet: an update made before the create was written is not mistaken for an older change.
 */
import { SF } from '../../salesforce/names.js';
import type { CompositeSubrequest } from '../../salesforce/sf-client.js';
import type { Settlement } from '../../store/writeback-store.js';
import { chunk } from '../chunk.js';
import { MAX_ATTEMPTS, classifyRecordErrors, settleFailure } from '../retry-policy.js';
import { soqlString } from '../values.js';
import type { CallFailureEffect } from '../writeback-pass.js';
import type { Claimed, SenderDeps } from '../writeback-ports.js';
import { sendUpdates } from './update-sender.js';

const PER_CALL = 12;
const HALTED = new Set(['PROCESSING_HALTED', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
const M = SF.idMapping;
/** "Nobody else has changed this record since it was created": before any Rox change. */
const NEVER = new Date(0).toISOString();

export async function sendCreates(rows: Claimed[], d: SenderDeps): Promise<CallFailureEffect> {
  for (const sobject of new Set(rows.map((r) => r.sobject))) {
    const group = rows.filter((r) => r.sobject === sobject);
    const existing = await d.ids.lookup(
      d.connectionId,
      sobject,
      group.map((r) => r.roxId),
    );
    const unknown = group.filter((r) => !existing.has(r.roxId));
    const foundInOrg: Array<{ sobject: string; roxId: string; salesforceId: string; reason: string }> = [];
    try {
      for (const part of chunk(unknown, 200)) {
        const found = await d.client.query<Record<string, unknown>>(
          `SELECT ${M.roxEntityId}, ${M.salesforceRecordId} FROM ${M.object} WHERE ${M.salesforceObject} = ${soqlString(sobject)} AND ${M.roxEntityId} IN (${part.map((r) => soqlString(r.roxId)).join(', ')})`,
        );
        for (const f of found)
          if (f[M.salesforceRecordId]) {
            existing.set(String(f[M.roxEntityId]), String(f[M.salesforceRecordId]));
            foundInOrg.push({
              sobject,
              roxId: String(f[M.roxEntityId]),
              salesforceId: String(f[M.salesforceRecordId]),
              reason: 'created by Rox writeback',
            });
          }
      }
    } catch (e) {
      const effect = await d.pass.failCall(e, group);
      if (effect.pauseMs) return effect;
      continue;
    }
    await d.ids.save(d.connectionId, foundInOrg);
    const again = group.filter((x) => existing.has(x.roxId));
    if (again.length > 0) {
      const effect = await sendUpdates(
        again.map((r) => ({ ...r, payload: { ...r.payload, salesforceId: existing.get(r.roxId) } })),
        d,
        { alreadyCreated: new Set(again.map((r) => r.id)) },
      );
      if (effect.pauseMs) return effect;
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

type SubError = { errorCode: string; message: string; fields?: string[] };
const errorsOf = (x: { body: unknown } | undefined): SubError[] =>
  Array.isArray(x?.body) ? (x!.body as SubError[]) : [];

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
    return d.pass.failCall(e, part);
  }
  const byRef = new Map(responses.map((r) => [r.referenceId, r]));
  const ok = part.every(
    (_, i) =>
      (byRef.get(`rec${i}`)?.httpStatusCode ?? 500) < 300 && (byRef.get(`map${i}`)?.httpStatusCode ?? 500) < 300,
  );
  if (ok) {
    const created = part.map((r, i) => ({ r, id: String((byRef.get(`rec${i}`)!.body as { id: string }).id) }));
    const asOf = new Date().toISOString();
    await d.pass.settle(
      created.map(({ r, id }) => ({
        id: r.id,
        state: 'written',
        outcome: { created: true, fields: r.payload.fields, rejected: r.payload.rejected },
        salesforceId: id,
      })),
      async (tx) => {
        await d.ids.save(
          d.connectionId,
          created.map(({ r, id }) => ({
            sobject,
            roxId: r.roxId,
            salesforceId: id,
            reason: 'created by Rox writeback',
          })),
          tx,
        );
        await d.fieldState.record(
          d.connectionId,
          sobject,
          created.flatMap(({ r, id }) =>
            Object.entries(r.payload.fields).map(([field, value]) => ({ id, field, value, asOf })),
          ),
          'writeback',
          tx,
        );
        await d.fieldState.recordOthersModstamps(
          d.connectionId,
          sobject,
          created.map(({ id }) => ({ id, othersModstamp: NEVER })),
          tx,
        );
      },
    );
    return {};
  }
  const settlements: Settlement[] = part.map((r, i) => {
    const mapErrors = errorsOf(byRef.get(`map${i}`));
    const errs = [...errorsOf(byRef.get(`rec${i}`)), ...mapErrors].filter((e) => !HALTED.has(e.errorCode));
    if (mapErrors.some((e) => e.errorCode === 'DUPLICATE_VALUE') && r.attempts < MAX_ATTEMPTS)
      // Another attempt (or instance) already mapped this Rox id: the next pass finds it and updates.
      return {
        id: r.id,
        state: 'queued',
        event: 'already mapped',
        detail: 'the Rox id is already in the ID mapping',
        delayMs: 0,
      };
    if (errs.length === 0)
      // Rolled back only because another record in the same call failed: send again at once.
      return {
        id: r.id,
        state: 'queued',
        event: 'rolled back',
        detail: 'another record in the same call failed',
        delayMs: 0,
        countAttempt: false,
      };
    const errors = errs.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }));
    const detail = errs.map((e) => `${e.errorCode}: ${e.message}`).join('; ');
    return settleFailure(r, classifyRecordErrors(errors), d.pass.retry, detail, {
      created: false,
      errors,
      fields: r.payload.fields,
    });
  });
  await d.pass.settle(settlements);
  return {};
}
