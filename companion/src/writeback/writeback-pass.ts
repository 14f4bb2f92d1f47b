/**
 * One pass over one connection's due writebacks: the rows it claimed under its own holder token,
 * a heartbeat that renews their lease while it works, and the settling of each row's outcome
 * (fenced by the token, with the outcome's effects in the same transaction). When the pass ends,
 * whatever it did not settle goes back to the queue at once, so no row waits for a lease to
 * expire because a pass stopped early.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import type { Queryable } from '../store/db.js';
import type { Settlement, WritebackRow, WritebackStore } from '../store/writeback-store.js';
import { type RetryContext, settleCallFailure } from './retry-policy.js';

export interface CallFailureEffect {
  /** Pause the whole connection's writeback for this long (request limit). */
  pauseMs?: number;
}

export class WritebackPass {
  readonly token: string;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: WritebackStore,
    private readonly log: Logger,
    workerId: string,
    readonly retry: RetryContext,
  ) {
    this.token = `${workerId}:${randomUUID().slice(0, 8)}`;
  }

  async claim(connectionId: string, limit: number, leaseSeconds: number): Promise<WritebackRow[]> {
    const rows = await this.outbox.claim(connectionId, this.token, limit, leaseSeconds);
    if (rows.length > 0) {
      // Renew well before the lease ends; a pass that dies stops renewing and its rows return.
      this.heartbeat = setInterval(
        () =>
          void this.outbox
            .heartbeat(this.token, leaseSeconds)
            .catch((e: unknown) => this.log.warn({ err: { message: (e as Error).message } }, 'lease renewal failed')),
        Math.max(250, (leaseSeconds * 1000) / 3),
      );
      this.heartbeat.unref();
    }
    return rows;
  }

  /** Settles rows (and commits `effects` with them); rows another pass took over are skipped. */
  async settle(settlements: Settlement[], effects?: (tx: Queryable) => Promise<void>): Promise<void> {
    if (settlements.length === 0 && !effects) return;
    const done = await this.outbox.settle(this.token, settlements, effects);
    const lost = settlements.filter((s) => !done.has(s.id));
    if (lost.length > 0)
      this.log.warn(
        { holder: this.token, lost: lost.length },
        'rows settled after their lease passed to another worker; that worker sends them again',
      );
  }

  /** A call that failed as a whole: each of its rows is retried, paused or failed by the policy. */
  async failCall(e: unknown, rows: WritebackRow<unknown>[]): Promise<CallFailureEffect> {
    const { settlements, pauseMs } = settleCallFailure(rows, AppError.wrap(e), this.retry);
    await this.settle(settlements);
    return { pauseMs };
  }

  /**
   * Ends the pass: stops renewing and sends back to the queue whatever it did not settle. After a
   * failure (`event` 'pass failed') those rows may have reached Salesforce already.
   */
  async end(delayMs: number, detail: string, event: 'not sent' | 'pass failed' = 'not sent'): Promise<number> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    return this.outbox.release(this.token, delayMs, detail, event);
  }
}
