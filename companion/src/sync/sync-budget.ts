/**
 * The API budget inside a sync run. Writeback keeps priority: before each page the run reads the
 * org's usage as the last response's `Sforce-Limit-Info` reported it; within 10 points of the sync
 * share (SYNC_API_SHARE, 90% by default) it slows down, a pause per page, and at the share it
 * stops, keeping every page saved so far — the next run resumes from there once usage allows.
 */
import { AppError } from '../core/app-error.js';
import type { SalesforceClient } from '../salesforce/sf-client.js';

export class SyncBudget {
  /** Time spent slowed down in this run. */
  throttledMs = 0;

  constructor(
    private readonly client: SalesforceClient,
    private readonly share: number,
    private readonly pauseMs = 1000,
  ) {}

  async beforeCall(): Promise<void> {
    const u = this.client.conn.limitInfo?.apiUsage;
    if (!u || !(u.limit > 0)) return;
    if (u.used >= u.limit * this.share)
      throw new AppError(
        'SALESFORCE_LIMIT',
        `Sync paused at ${u.used} of ${u.limit} daily API calls (${Math.round(this.share * 100)}% is kept as sync's share; writeback may use the rest). Saved pages are kept; the next run resumes once usage allows.`,
      );
    if (u.used >= u.limit * (this.share - 0.1)) {
      await new Promise((r) => setTimeout(r, this.pauseMs));
      this.throttledMs += this.pauseMs;
    }
  }
}
