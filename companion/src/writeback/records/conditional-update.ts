/**
 * Conditional writes for records people are editing: Composite PATCH subrequests (25 per call,
 * allOrNone false) with If-Unmodified-Since set to the SystemModstamp read just before. A 412 means
 * Salesforce changed the record after our read: the row goes back to the queue at once (no attempt
 * counted) to be read and decided again, so a change made between read and write is never
 * overwritten.
 */
import { handleCallFailure, type CallFailureEffect } from '../call-failure.js';
import { chunk } from '../chunk.js';
import { MAX_ATTEMPTS, backoffMs, isRetryableRecordError } from '../retry-policy.js';
import type { Decision } from './update-sender.js';
import { toEpoch } from '../values.js';
import type { SenderDeps } from '../writeback-ports.js';

export async function sendConditional(
  sobject: string,
  decisions: Decision[],
  d: SenderDeps,
  outcomeOf: (x: Decision) => Record<string, unknown>,
): Promise<CallFailureEffect> {
  for (const part of chunk(decisions, 25)) {
    let responses;
    try {
      responses = await d.client.composite(
        part.map((x, i) => ({
          method: 'PATCH',
          url: `/sobjects/${sobject}/${x.id}`,
          referenceId: `u${i}`,
          body: x.write,
          httpHeaders: { 'If-Unmodified-Since': new Date(toEpoch(String(x.modstamp))).toUTCString() },
        })),
        false,
      );
    } catch (e) {
      return handleCallFailure(
        e,
        part.map((x) => x.row),
        d.outbox,
      );
    }
    const now = new Date().toISOString();
    const written: Array<{ id: string; field: string; value: unknown; asOf: string }> = [];
    for (let i = 0; i < part.length; i++) {
      const x = part[i];
      const r = responses.find((s) => s.referenceId === `u${i}`);
      if (r && r.httpStatusCode < 300) {
        for (const [field, value] of Object.entries(x.write)) written.push({ id: x.id, field, value, asOf: now });
        await d.outbox.finish(x.row.id, 'written', { ...outcomeOf(x), conditional: true }, { salesforceId: x.id });
        continue;
      }
      if (r?.httpStatusCode === 412) {
        await d.outbox.retryLater(
          x.row.id,
          0,
          'changed in Salesforce',
          'the record changed after it was read; reading it again',
          false,
        );
        continue;
      }
      const errors = (
        Array.isArray(r?.body) ? (r!.body as Array<{ errorCode: string; message: string; fields?: string[] }>) : []
      ).map((e) => ({
        statusCode: e.errorCode,
        message: e.message,
        fields: e.fields ?? [],
      }));
      if (errors.length === 0)
        errors.push({ statusCode: 'UNKNOWN', message: `HTTP ${r?.httpStatusCode ?? 'no answer'}`, fields: [] });
      const detail = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
      if (errors.every((e) => isRetryableRecordError(e.statusCode)) && x.row.attempts < MAX_ATTEMPTS)
        await d.outbox.retryLater(x.row.id, backoffMs(x.row.attempts), 'retry', detail);
      else await d.outbox.finish(x.row.id, 'failed', { ...outcomeOf(x), errors }, { salesforceId: x.id, detail });
    }
    await d.fieldState.record(d.connectionId, sobject, written, 'writeback');
  }
  return {};
}
