/**
 * Sends queued writebacks: per connection, claim due rows (SKIP LOCKED, per-record order kept),
 * send them batched by kind and object, and record each outcome. A connection that is not Ready
 * keeps its rows queued until it is; the request limit pauses one connection, not the worker.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { FieldStateStore } from '../store/field-state-store.js';
import type { IdMappingStore } from '../store/id-mapping-store.js';
import type { WritebackStore } from '../store/writeback-store.js';
import { handleCallFailure } from './call-failure.js';
import { sendCreates } from './records/create-sender.js';
import { sendUpdates } from './records/update-sender.js';
import type { Claimed, SenderDeps } from './writeback-ports.js';

export type ActivitySender = (rows: Claimed[], d: SenderDeps) => Promise<{ pauseMs?: number }>;

export interface WorkerDeps {
  connections: ConnectionService;
  connectionStore: ConnectionStore;
  outbox: WritebackStore;
  ids: IdMappingStore;
  fieldState: FieldStateStore;
  log: Logger;
  sendActivities?: ActivitySender;
  batchSize?: number;
  intervalMs?: number;
  leaseSeconds?: number;
  bulkThreshold?: number;
  /** Share of the daily API allocation writeback leaves unused (default 0.02). */
  apiReserve?: number;
}

export class WritebackWorker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  private readonly pausedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly d: WorkerDeps) {}

  /** One pass over every connection with due work (or one connection); returns rows handled. */
  async runOnce(connectionId?: string): Promise<number> {
    await this.d.outbox.requeueExpired();
    const ids = connectionId ? [connectionId] : await this.d.outbox.connectionsWithDueWork();
    let handled = 0;
    for (const id of ids) handled += await this.runConnection(id);
    return handled;
  }

  private async runConnection(connectionId: string): Promise<number> {
    if ((this.pausedUntil.get(connectionId) ?? 0) > Date.now()) return 0;
    const conn = await this.d.connectionStore.get(connectionId);
    if (!conn || conn.state !== 'ready') return 0;
    // Near the org's daily API limit (as Sforce-Limit-Info last reported it), slow down: leave the
    // last share to the org's other integrations and people, and try again in a few minutes.
    const usage = conn.apiUsage;
    const fresh = usage && Date.now() - Date.parse(usage.at) < 5 * 60_000;
    if (usage && fresh && usage.max > 0 && usage.used >= usage.max * (1 - (this.d.apiReserve ?? 0.02))) {
      this.pausedUntil.set(connectionId, Date.now() + 5 * 60_000);
      this.d.log.warn({ connectionId, used: usage.used, max: usage.max }, 'writeback paused near the daily API limit');
      return 0;
    }
    const rows = (await this.d.outbox.claim(
      connectionId,
      this.id,
      this.d.batchSize ?? 1000,
      this.d.leaseSeconds,
    )) as unknown as Claimed[];
    if (rows.length === 0) return 0;
    let client;
    try {
      client = await this.d.connections.client(connectionId);
    } catch (e) {
      await handleCallFailure(e, rows, this.d.outbox);
      return rows.length;
    }
    const deps: SenderDeps = {
      client,
      connectionId,
      userId: conn.userId,
      bulkThreshold: this.d.bulkThreshold ?? 2000,
      outbox: this.d.outbox,
      ids: this.d.ids,
      fieldState: this.d.fieldState,
      log: this.d.log.child({ connectionId }),
    };
    const byKind = (k: string) => rows.filter((r) => r.kind === k);
    const effects = [await sendCreates(byKind('create'), deps), await sendUpdates(byKind('update'), deps)];
    const activities = byKind('activity');
    if (activities.length > 0) {
      if (this.d.sendActivities) effects.push(await this.d.sendActivities(activities, deps));
      else
        for (const r of activities)
          await this.d.outbox.retryLater(r.id, 60_000, 'waiting', 'activity writeback is not running', false);
    }
    const pause = Math.max(0, ...effects.map((e) => e.pauseMs ?? 0));
    if (pause > 0) this.pausedUntil.set(connectionId, Date.now() + pause);
    await this.d.connectionStore.touch(connectionId, 'writeback');
    return rows.length;
  }

  /** Runs passes until nothing is due (tests and the CLI); returns the rows this worker handled. */
  async drain(connectionId?: string, maxPasses = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxPasses; i++) {
      const n = await this.runOnce(connectionId);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runOnce().catch((e: unknown) =>
        this.d.log.error({ err: { message: (e as Error).message } }, 'writeback pass failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.d.intervalMs ?? 500);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
