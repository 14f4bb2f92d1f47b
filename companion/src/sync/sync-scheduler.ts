/**
 * Runs each Ready connection's objects when their schedule comes (a tab's syncIntervalMinutes,
 * else SYNC_INTERVAL_SECONDS). The API budget is shared with
 * writeback, which keeps priority: sync starts no run once the org's usage (as Sforce-Limit-Info
 * last reported it, or /limits when that is older than 5 minutes) passes SYNC_API_SHARE of the
 * daily allocation, while writeback goes on to 98%; inside a run, SyncBudget slows and stops it.
 */
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionRecord } from '../connections/connection-types.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { SyncService } from './sync-service.js';

/** Usage counts only while fresh (reported in the last 5 minutes of real time). */
export function usageFresh(c: ConnectionRecord, now = Date.now()): boolean {
  return !!c.apiUsage && c.apiUsage.max > 0 && now - Date.parse(c.apiUsage.at) <= 5 * 60_000;
}

export function overSyncBudget(c: ConnectionRecord, share: number, now = Date.now()): boolean {
  if (!usageFresh(c, now)) return false;
  return c.apiUsage!.used >= c.apiUsage!.max * share;
}

export class SyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly d: {
      sync: SyncService;
      connectionStore: ConnectionStore;
      /** Reads usage from /limits when no fresh Sforce-Limit-Info is known. */
      refreshUsage?: (connectionId: string) => Promise<ConnectionRecord>;
      log: Logger;
      apiShare: number;
      tickMs?: number;
    },
  ) {}

  /** One scheduling pass; returns the connections it synced. */
  async tick(now = Date.now()): Promise<string[]> {
    const started: string[] = [];
    for (let c of await this.d.connectionStore.list()) {
      if (c.state !== 'ready' || this.running.has(c.id)) continue;
      // Each object keeps its own schedule (its tab's syncIntervalMinutes, else SYNC_INTERVAL_SECONDS).
      const due = await this.d.sync.dueObjects(c.id, now);
      if (due.length === 0) continue;
      if (!usageFresh(c) && this.d.refreshUsage) c = await this.d.refreshUsage(c.id).catch(() => c);
      if (overSyncBudget(c, this.d.apiShare)) {
        this.d.log.warn(
          { connectionId: c.id, used: c.apiUsage?.used, max: c.apiUsage?.max },
          'sync waits: API budget kept for writeback',
        );
        continue;
      }
      this.running.add(c.id);
      try {
        await this.d.sync.runConnection(c.id, undefined, { only: due });
        started.push(c.id);
      } catch (e) {
        // Another instance running this connection's sync is no failure: it goes on there.
        if (e instanceof AppError && e.code === 'CONFLICT')
          this.d.log.debug({ connectionId: c.id }, 'sync runs on another instance');
        else this.d.log.warn({ connectionId: c.id, error: (e as Error).message }, 'sync run failed');
      } finally {
        this.running.delete(c.id);
      }
    }
    return started;
  }

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      await this.tick().catch(() => undefined);
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.d.tickMs ?? 10_000);
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
