/**
 * What happens to a row after a failure, for every failure shape: the class comes from the one
 * classification in salesforce/sf-errors.ts (whole calls and single records alike), and this
 * module turns it into a settlement.
 *
 *   transient   back off (1 s, 2 s, 4 s … up to 10 minutes, with jitter) and retry until the row is
 *               `giveUpMs` old (24 hours by default): a lock, an outage or a dropped connection
 *               never fails a row that a later attempt would land
 *   uncertain   the same backoff, at most MAX_ATTEMPTS attempts (UNKNOWN_EXCEPTION, our own bug)
 *   limit       pause the connection; the row is not charged an attempt
 *   reauth      wait for an admin to log in again; not charged an attempt
 *   permanent   to the ledger at once with Salesforce's code and message, waiting for a replay
 */
import { randomInt } from 'node:crypto';
import type { AppError } from '../core/app-error.js';
import { type FailureClass, classifyCode, classifyError } from '../salesforce/sf-errors.js';
import type { Settlement, WritebackRow } from '../store/writeback-store.js';

export const MAX_ATTEMPTS = 8;
const BASE_MS = 1_000;
const CAP_MS = 10 * 60_000;
/** How long a row waits before it is due again while its connection needs a new login. */
export const REAUTH_WAIT_MS = 30_000;

/** Exponential backoff with full jitter in [d/2, d]: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempt: number, base = BASE_MS): number {
  const d = Math.min(CAP_MS, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(d / 2) + randomInt(0, Math.floor(d / 2) + 1);
}

export interface RetryContext {
  /** A row older than this is not retried any more (transient failures). */
  giveUpMs: number;
  /** The connection's pause when Salesforce answers REQUEST_LIMIT_EXCEEDED. */
  limitPauseMs: number;
}

export interface RecordError {
  statusCode: string;
  message: string;
  fields?: string[];
}

/** The class of a record's errors: the worst of them decides. */
export function classifyRecordErrors(errors: RecordError[]): FailureClass {
  const order: FailureClass[] = ['permanent', 'uncertain', 'limit', 'reauth', 'transient'];
  const classes = errors.length > 0 ? errors.map((e) => classifyCode(e.statusCode)) : ['uncertain' as const];
  return order.find((c) => classes.includes(c)) ?? 'uncertain';
}

/**
 * The settlement for a row that failed with this class. `outcome` is what the ledger shows if the
 * row ends failed; `detail` is the history line.
 */
export function settleFailure(
  row: WritebackRow<unknown>,
  cls: FailureClass,
  ctx: RetryContext,
  detail: string,
  outcome: Record<string, unknown>,
  salesforceId?: string | null,
): Settlement {
  const failed = (why?: string): Settlement => ({
    id: row.id,
    state: 'failed',
    outcome,
    salesforceId,
    detail: why ? `${detail} (${why})` : detail,
  });
  switch (cls) {
    case 'reauth':
      return {
        id: row.id,
        state: 'queued',
        event: 'waiting for re-authentication',
        detail,
        delayMs: REAUTH_WAIT_MS,
        countAttempt: false,
      };
    case 'limit':
      return {
        id: row.id,
        state: 'queued',
        event: 'request limit',
        detail,
        delayMs: ctx.limitPauseMs,
        countAttempt: false,
      };
    case 'transient': {
      // A replayed row gets a new window from its replay.
      const since = [...row.history].reverse().find((h) => h.event === 'replayed')?.at ?? row.createdAt;
      const age = Date.now() - Date.parse(since);
      if (age > ctx.giveUpMs)
        return failed(`still failing ${Math.round(age / 3_600_000)} hours after it was accepted; gave up`);
      return { id: row.id, state: 'queued', event: 'retry', detail, delayMs: backoffMs(row.attempts) };
    }
    case 'uncertain':
      if (row.attempts >= MAX_ATTEMPTS) return failed(`failed ${row.attempts} times`);
      return { id: row.id, state: 'queued', event: 'retry', detail, delayMs: backoffMs(row.attempts) };
    default:
      return failed();
  }
}

/** Settlements for rows of a call that failed as a whole. */
export function settleCallFailure(
  rows: WritebackRow<unknown>[],
  err: AppError,
  ctx: RetryContext,
): { settlements: Settlement[]; pauseMs?: number } {
  const cls = classifyError(err);
  const sfCode = (err.details as { salesforceErrorCode?: string } | undefined)?.salesforceErrorCode;
  const settlements = rows.map((r) =>
    settleFailure(r, cls, ctx, err.message, { error: { code: sfCode ?? err.code, message: err.message } }),
  );
  return { settlements, pauseMs: cls === 'limit' ? ctx.limitPauseMs : undefined };
}
