/**
 * Sends queued writebacks: per connection, one pass claims due rows (SKIP LOCKED, per-record order
 * kept) under a lease it renews while it works, sends them batched by kind and object, settles
 * each outcome, and at the end sends back to the queue whatever it did not settle. A connection
 * that is not Ready keeps its rows queued until it is; the request limit pauses one connection (15
 * seconds, doubling while it lasts, at most 10 minutes), not the worker.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { FieldStateStore } from '../store/field-state-store.js';
import type { IdMappingStore } from '../store/id-mapping-store.js';
import type { WritebackRow, WritebackStore } from '../store/writeback-store.js';
import { sendCreates } from './records/create-sender.js';
import { sendUpdates } from './records/update-sender.js';
import { type CallFailureEffect, WritebackPass } from './writeback-pass.js';
import type { Claimed, SenderDeps } from './writeback-ports.js';

export type ActivitySender = (rows: WritebackRow<unknown>[], d: SenderDeps) => Promise<CallFailureEffect>;

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
  /** Transient failures are retried until a row is this old (default 24 hours). */
  giveUpHours?: number;
  /** Settled rows lose their values after this many days (default 30). */
  retentionDays?: number;
}

const HOUSEKEEPING_MS = 60 * 60_000;

const LIMIT_PAUSE_MS = 15_000;
const LIMIT_PAUSE_CAP_MS = 10 * 60_000;

export class WritebackWorker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  private readonly pausedUntil = new Map<string, number>();
  /** Consecutive passes of a connection that met REQUEST_LIMIT_EXCEEDED. */
  private readonly limitStreak = new Map<string, number>();
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
    const log = this.d.log.child({ connectionId });
    const streak = this.limitStreak.get(connectionId) ?? 0;
    const pass = new WritebackPass(this.d.outbox, log, this.id, {
      giveUpMs: (this.d.giveUpHours ?? 24) * 3_600_000,
      limitPauseMs: Math.min(LIMIT_PAUSE_CAP_MS, LIMIT_PAUSE_MS * 2 ** streak),
    });
    const rows = (await pass.claim(
      connectionId,
      this.d.batchSize ?? 1000,
      this.d.leaseSeconds ?? 30,
    )) as unknown as Claimed[];
    if (rows.length === 0) return 0;
    let pause = 0;
    try {
      pause = (await this.send(pass, connectionId, conn.userId, rows, log)).pauseMs ?? 0;
    } catch (e) {
      // A bug or a store failure: nothing this pass did not settle is lost; it is tried again shortly.
      await pass.end(5_000, (e as Error).message, 'pass failed');
      throw e;
    }
    const released = await pass.end(
      pause,
      pause > 0 ? "the org's request limit paused this connection" : 'the pass ended before sending it',
    );
    if (released > 0) log.info({ released }, 'rows not sent in this pass went back to the queue');
    if (pause > 0) {
      this.pausedUntil.set(connectionId, Date.now() + pause);
      this.limitStreak.set(connectionId, streak + 1);
    } else this.limitStreak.delete(connectionId);
    await this.d.connectionStore.touch(connectionId, 'writeback');
    return rows.length;
  }

  private async send(
    pass: WritebackPass,
    connectionId: string,
    userId: string | null,
    rows: Claimed[],
    log: Logger,
  ): Promise<CallFailureEffect> {
    let client;
    try {
      client = await this.d.connections.client(connectionId);
    } catch (e) {
      return pass.failCall(e, rows);
    }
    const deps: SenderDeps = {
      client,
      connectionId,
      userId,
      bulkThreshold: this.d.bulkThreshold ?? 2000,
      pass,
      outbox: this.d.outbox,
      ids: this.d.ids,
      fieldState: this.d.fieldState,
      log,
    };
    const byKind = (k: string) => rows.filter((r) => r.kind === k);
    const activities = byKind('activity');
    const senders: Array<() => Promise<CallFailureEffect>> = [
      () => sendCreates(byKind('create'), deps),
      () => sendUpdates(byKind('update'), deps),
    ];
    if (activities.length > 0 && this.d.sendActivities) {
      const sendActivities = this.d.sendActivities;
      senders.push(() => sendActivities(activities, deps));
    } else if (activities.length > 0)
      await pass.settle(
        activities.map((r) => ({
          id: r.id,
          state: 'queued',
          event: 'waiting',
          detail: 'activity writeback is not running',
          delayMs: 60_000,
          countAttempt: false,
        })),
      );
    for (const s of senders) {
      const effect = await s();
      // Past the request limit every call fails: stop, and the rest of the pass waits with it.
      if (effect.pauseMs) return effect;
    }
    return {};
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

  /** Payload retention: removes the values of settled rows past WRITEBACK_RETENTION_DAYS. */
  async housekeeping(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.d.outbox.redactExpired(this.d.retentionDays ?? 30);
      total += n;
      if (n < 500 || this.stopped) break;
    }
    if (total > 0) this.d.log.info({ redacted: total }, 'writeback values past retention removed');
    return total;
  }

  start(): void {
    let lastHousekeeping = 0;
    const tick = async () => {
      if (this.stopped) return;
      if (Date.now() - lastHousekeeping >= HOUSEKEEPING_MS) {
        lastHousekeeping = Date.now();
        await this.housekeeping().catch((e: unknown) =>
          this.d.log.error({ err: { message: (e as Error).message } }, 'writeback housekeeping failed'),
        );
      }
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
