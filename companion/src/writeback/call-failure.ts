/**
 * What to do with the rows of a Salesforce call that failed as a whole: wait for re-authentication,
 * back off (and slow the connection) at the request limit, retry transient failures, or record a
 * permanent failure in the ledger.
 */
import { AppError } from '../core/app-error.js';
import type { WritebackRow, WritebackStore } from '../store/writeback-store.js';
import { MAX_ATTEMPTS, backoffMs } from './retry-policy.js';

export interface CallFailureEffect {
  /** Pause the whole connection's writeback for this long (request limit). */
  pauseMs?: number;
}

export async function handleCallFailure(
  e: unknown,
  rows: WritebackRow<unknown>[],
  outbox: WritebackStore,
): Promise<CallFailureEffect> {
  const err = AppError.wrap(e);
  if (err.code === 'RECONNECT_REQUIRED' || err.code === 'CONNECTION_NOT_READY') {
    for (const r of rows) await outbox.retryLater(r.id, 30_000, 'waiting for re-authentication', err.message, false);
    return {};
  }
  if (err.code === 'SALESFORCE_LIMIT') {
    const pauseMs = backoffMs(rows[0]?.attempts ?? 1, 60_000);
    for (const r of rows) await outbox.retryLater(r.id, pauseMs, 'request limit', err.message, false);
    return { pauseMs };
  }
  if (err.retryable || err.code === 'SALESFORCE_AUTH' || err.code === 'INTERNAL') {
    for (const r of rows) {
      if (r.attempts >= MAX_ATTEMPTS)
        await outbox.finish(
          r.id,
          'failed',
          { error: { code: err.code, message: err.message } },
          { detail: err.message },
        );
      else await outbox.retryLater(r.id, backoffMs(r.attempts), 'retry', err.message);
    }
    return {};
  }
  const sfCode = (err.details as { salesforceErrorCode?: string } | undefined)?.salesforceErrorCode;
  for (const r of rows)
    await outbox.finish(
      r.id,
      'failed',
      { error: { code: sfCode ?? err.code, message: err.message } },
      { detail: err.message },
    );
  return {};
}
