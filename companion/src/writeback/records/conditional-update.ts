/**
 * Conditional writes for records people are editing: Composite PATCH subrequests (25 per call,
 * allOrNone false) with If-Unmodified-Since set to the SystemModstamp read just before. A 412 means
 * Salesforce changed the record after our read: the row goes back to the queue at once (no attempt
 * counted) to be read and decided again, so a change made between read and write is never
 * overwritten.
 */
import type { Settlement } from '../../store/writeback-store.js';
import { chunk } from '../chunk.js';
import { classifyRecordErrors, settleFailure } from '../retry-policy.js';
import { toEpoch } from '../values.js';
import type { CallFailureEffect } from '../writeback-pass.js';
import type { SenderDeps } from '../writeback-ports.js';
import { type Decision, outcomeOf } from './update-decision.js';
import { type UpdateOptions, settledWrites } from './update-settle.js';

export async function sendConditional(
  sobject: string,
  decisions: Decision[],
  d: SenderDeps,
  o: UpdateOptions,
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
      const effect = await d.pass.failCall(
        e,
        part.map((x) => x.row),
      );
      if (effect.pauseMs) return effect;
      continue;
    }
    const ok: Decision[] = [];
    const other: Settlement[] = [];
    part.forEach((x, i) => {
      const r = responses.find((s) => s.referenceId === `u${i}`);
      if (r && r.httpStatusCode < 300) {
        ok.push(x);
        return;
      }
      if (r?.httpStatusCode === 412) {
        other.push({
          id: x.row.id,
          state: 'queued',
          event: 'changed in Salesforce',
          detail: 'the record changed after it was read; reading it again',
          delayMs: 0,
          countAttempt: false,
        });
        return;
      }
      const errors = (
        Array.isArray(r?.body) ? (r!.body as Array<{ errorCode: string; message: string; fields?: string[] }>) : []
      ).map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }));
      if (errors.length === 0)
        errors.push({ statusCode: 'UNKNOWN', message: `HTTP ${r?.httpStatusCode ?? 'no answer'}`, fields: [] });
      const detail = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
      other.push(
        settleFailure(x.row, classifyRecordErrors(errors), d.pass.retry, detail, { ...outcomeOf(x), errors }, x.id),
      );
    });
    const written = settledWrites(
      d,
      sobject,
      ok.map((x) => ({ x, sent: true, extra: { conditional: true } })),
      o,
    );
    await d.pass.settle([...written.settlements, ...other], written.effects);
  }
  return {};
}
