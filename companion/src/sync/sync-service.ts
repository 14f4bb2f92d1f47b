/**
 * Sync of a connection: which objects and fields (from the CRM mappings: tabs with sync on, only
 * their mapped fields — PII minimisation), schema drift handled on every run (describe again; a
 * field that disappeared is left out with a warning and never costs the rest; a newly mapped field
 * is backfilled for that column alone; a field no longer mapped loses its stored values), then the
 * incremental run of each object. Synced values of Read and Write fields feed writeback's
 * newest-change-wins check.
 */
import type { ConnectionService } from '../connections/connection-service.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import { type CrmMappings, defaultCrmMappings, RECORD_TAB_SOBJECT } from '../mappings/index.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { FieldStateStore } from '../store/field-state-store.js';
import type { MappingStore } from '../store/mapping-store.js';
import type { SyncStore, SyncedRecord } from '../store/sync-store.js';
import { sameValue } from '../writeback/values.js';
import { formulaFields, parentDependencies, refreshAllFormulas, refreshChildren } from './formula-refresh.js';
import { SyncBudget } from './sync-budget.js';
import { mergeColumns, syncObject } from './sync-runner.js';

export interface SyncTarget {
  sobject: string;
  fields: string[];
  /** Fields Rox may write (their synced values are the writeback conflict base). */
  writable: string[];
  /** The tab's own schedule (syncIntervalMinutes), in seconds; else SYNC_INTERVAL_SECONDS. */
  intervalSeconds?: number;
}

const seconds = (minutes: number | undefined) => (minutes === undefined ? undefined : minutes * 60);

export function syncTargets(m: CrmMappings): SyncTarget[] {
  const out: SyncTarget[] = [];
  for (const tab of ['accounts', 'opportunities', 'contacts', 'leads'] as const) {
    const t = m[tab];
    if (!t.sync) continue;
    out.push({
      sobject: RECORD_TAB_SOBJECT[tab],
      fields: t.fieldMappings.map((f) => f.salesforceField),
      writable: t.fieldMappings.filter((f) => f.mode === 'read_write').map((f) => f.salesforceField),
      intervalSeconds: seconds(t.syncIntervalMinutes),
    });
  }
  if (m.activities.sync)
    for (const sobject of ['Task', 'Event'] as const) {
      const maps = m.activities.fieldMappings.filter((f) => f.sobject === sobject);
      out.push({
        sobject,
        fields: maps.map((f) => f.salesforceField),
        writable: maps.filter((f) => f.mode === 'read_write').map((f) => f.salesforceField),
        intervalSeconds: seconds(m.activities.syncIntervalMinutes),
      });
    }
  for (const c of m.customObjects ?? [])
    if (c.sync)
      out.push({
        sobject: c.sobject,
        fields: c.fieldMappings.map((f) => f.salesforceField),
        writable: c.fieldMappings.filter((f) => f.mode === 'read_write').map((f) => f.salesforceField),
        intervalSeconds: seconds(c.syncIntervalMinutes),
      });
  return out.map((t) => ({ ...t, fields: [...new Set([...t.fields, 'LastModifiedById'])] }));
}

export interface ObjectRun {
  sobject: string;
  rows: number;
  calls: number;
  backfilledColumns: string[];
  /** Fields whose type changed since the last run; their column was read again. */
  retypedColumns?: string[];
  droppedFields: string[];
  /** Records whose formula values were re-read (parents changed, or the periodic refresh). */
  formulaCalls?: number;
  /** Deletes found through getDeleted (or a reconciling id scan) that queryAll no longer showed. */
  tombstoned?: number;
  reconciled?: boolean;
  /** Time this object's run spent slowed down near the sync share of the API budget. */
  throttledMs?: number;
  warning?: string;
  error?: string;
}

/** A run's lease on its connection (renewed while the run goes on; a dead holder's expires). */
const LEASE_SECONDS = 300;

export class SyncService {
  /** Runs in progress here: the object being read and its rows so far. */
  private readonly live = new Map<string, { object: string; rows: number; startedAt: string }>();
  /** This instance, as lease holder (host, process and a random part). */
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly connections: ConnectionService,
    private readonly connectionStore: ConnectionStore,
    private readonly mappingStore: MappingStore,
    private readonly store: SyncStore,
    private readonly fieldState: FieldStateStore,
    private readonly log: Logger,
    // 50,000-row Bulk pages: 1,000,000 rows in about 24 calls. Pages are parsed as they stream
    // in, so memory holds a few 2,000-row batches whatever the page size.
    private readonly options: {
      bulkThreshold: number;
      bulkPageSize?: number;
      now?: () => number;
      /** Share of the daily API allocation sync may use (SYNC_API_SHARE); pause per page near it. */
      apiShare?: number;
      /** Default schedule of an object without its own syncIntervalMinutes (SYNC_INTERVAL_SECONDS). */
      intervalSeconds?: number;
      budgetPauseMs?: number;
    } = {
      bulkThreshold: 50_000,
      bulkPageSize: 50_000,
    },
  ) {}

  /** An object's incremental schedule in seconds: its tab's own, else SYNC_INTERVAL_SECONDS. */
  private intervalOf(t: SyncTarget): number {
    return t.intervalSeconds ?? this.options.intervalSeconds ?? 300;
  }

  /** The objects whose schedule has come (never synced, or their interval passed since the last run). */
  async dueObjects(connectionId: string, now = Date.now()): Promise<string[]> {
    const m = (await this.mappingStore.get<CrmMappings>(connectionId))?.config ?? defaultCrmMappings();
    const due: string[] = [];
    for (const t of syncTargets(m)) {
      const last = (await this.store.state(connectionId, t.sobject))?.lastRunAt;
      const every = this.intervalOf(t) * 1000;
      if (!last || now - Date.parse(last) >= every) due.push(t.sobject);
    }
    return due;
  }

  /**
   * Syncs every object with sync on (or only those named in `only`), in mapping order. One run per
   * connection at a time across every instance sharing the database: a second one is refused
   * (CONFLICT) while the first holds the connection's lease, which it renews as it goes.
   */
  async runConnection(
    connectionId: string,
    onProgress?: (sobject: string, rows: number) => void,
    options: { only?: string[] } = {},
  ): Promise<ObjectRun[]> {
    await this.connections.get(connectionId); // NOT_FOUND before anything is written
    const got = await this.store.lease(connectionId, this.holder, LEASE_SECONDS);
    if (!got.ok)
      throw new AppError(
        'CONFLICT',
        `A sync of this connection is already running (${got.holder}, since ${got.since}); this one was not started. Try again when it ends.`,
      );
    // Renewed every quarter of its life while the run goes on, whatever it is doing.
    const renewal = setInterval(
      () => void this.store.lease(connectionId, this.holder, LEASE_SECONDS).catch(() => undefined),
      (LEASE_SECONDS * 1000) / 4,
    );
    renewal.unref();
    const live = { object: '', rows: 0, startedAt: new Date().toISOString() };
    this.live.set(connectionId, live);
    try {
      return await this.runLeased(
        connectionId,
        (sobject, rows) => {
          Object.assign(live, { object: sobject, rows });
          onProgress?.(sobject, rows);
        },
        options,
      );
    } finally {
      this.live.delete(connectionId);
      clearInterval(renewal);
      await this.store.releaseLease(connectionId, this.holder).catch(() => undefined);
    }
  }

  private async runLeased(
    connectionId: string,
    onProgress: ((sobject: string, rows: number) => void) | undefined,
    options: { only?: string[] },
  ): Promise<ObjectRun[]> {
    const m = (await this.mappingStore.get<CrmMappings>(connectionId))?.config ?? defaultCrmMappings();
    const client = await this.connections.client(connectionId);
    const conn = await this.connections.get(connectionId);
    const results: ObjectRun[] = [];
    // Parents first in mapping order either way, so a child's formula refresh sees its parents' changes.
    const targets = syncTargets(m).filter((t) => !options.only || options.only.includes(t.sobject));
    const budget = new SyncBudget(client, this.options.apiShare ?? 0.9, this.options.budgetPauseMs);
    let overBudget = false;
    const described = new Map<string, ReturnType<typeof client.describe>>();
    const seqBefore = new Map<string, number>();
    for (const t of targets) seqBefore.set(t.sobject, await this.store.maxSeq(connectionId, t.sobject));
    for (const target of targets) {
      const run: ObjectRun = { sobject: target.sobject, rows: 0, calls: 0, backfilledColumns: [], droppedFields: [] };
      const throttledBefore = budget.throttledMs;
      try {
        const d = await client.describe(target.sobject);
        run.calls++;
        described.set(target.sobject, Promise.resolve(d));
        if (!d) throw new Error(`${target.sobject} is not visible to the connected user`);
        const present = new Set(d.fields.map((f) => f.name));
        const fields = target.fields.filter((f) => present.has(f));
        run.droppedFields = target.fields.filter((f) => !present.has(f));
        if (run.droppedFields.length > 0)
          run.warning = `Not synced because Salesforce no longer has them or hides them from the connected user: ${run.droppedFields.join(', ')}; the other fields sync as usual`;
        const state = await this.store.state(connectionId, target.sobject);
        const before = state?.fields ?? [];
        const removed = before.filter((f) => !fields.includes(f));
        const added = state?.cursorModstamp ? fields.filter((f) => !before.includes(f)) : [];
        // A field whose type changed in Setup: Salesforce converts its values without moving
        // SystemModstamp, so that column alone is read again.
        const types = Object.fromEntries(d.fields.filter((f) => fields.includes(f.name)).map((f) => [f.name, f.type]));
        const retyped = state?.cursorModstamp
          ? fields.filter((f) => before.includes(f) && state.fieldTypes[f] && state.fieldTypes[f] !== types[f])
          : [];
        await this.store.setFields(connectionId, target.sobject, fields, removed, types);
        const reread = [...added, ...retyped];
        if (reread.length > 0) {
          run.calls += await mergeColumns(client, this.store, connectionId, target.sobject, reread);
          run.backfilledColumns = added;
          if (retyped.length > 0) run.retypedColumns = retyped;
        }
        const r = await syncObject(client, this.store, connectionId, target.sobject, fields, {
          bulk: {
            threshold: this.options.bulkThreshold,
            types: new Map(d.fields.map((f) => [f.name, f.type])),
            maxRecords: this.options.bulkPageSize ?? 50_000,
          },
          now: this.options.now,
          budget,
          onPage: async (records) => {
            onProgress?.(target.sobject, (run.rows += records.length));
            await this.markEchoes(connectionId, target.sobject, records, conn.userId);
          },
        });
        run.rows = r.rows;
        run.calls += r.calls;
        if (r.tombstoned) run.tombstoned = r.tombstoned;
        if (r.reconciled) run.reconciled = true;
        // Formula fields: children of parents that changed now, everything periodically.
        const formulas = formulaFields(d, fields);
        let formulaCalls = 0;
        // Objects between a formula and its grandparent are described once per run.
        const describe = (name: string) => {
          if (!described.has(name)) {
            formulaCalls++;
            described.set(name, client.describe(name));
          }
          return described.get(name)!;
        };
        // One query per changed parent object reaches children and grandchildren alike.
        const deps = state?.cursorModstamp ? await parentDependencies(d, formulas, describe) : [];
        for (const parent of new Set(deps.map((dep) => dep.parent))) {
          if (!seqBefore.has(parent)) continue;
          const parents = await this.store.changedIds(connectionId, parent, seqBefore.get(parent)!);
          if (parents.length > 0)
            formulaCalls += await refreshChildren(
              client,
              this.store,
              connectionId,
              target.sobject,
              deps.filter((dep) => dep.parent === parent),
              parents,
            );
        }
        if (!state?.cursorModstamp) await this.store.markFormulasRefreshed(connectionId, target.sobject);
        else
          formulaCalls += await refreshAllFormulas(
            client,
            this.store,
            connectionId,
            target.sobject,
            formulas,
            state.formulasRefreshedAt,
          );
        run.formulaCalls = formulaCalls;
        run.calls += formulaCalls;
        if (run.warning) await this.store.finishRun(connectionId, target.sobject, `warning: ${run.warning}`);
      } catch (e) {
        run.error = (e as Error).message;
        overBudget = e instanceof AppError && e.code === 'SALESFORCE_LIMIT';
        this.log.warn({ connectionId, sobject: target.sobject, error: run.error }, 'sync of an object failed');
      }
      if (budget.throttledMs > throttledBefore) run.throttledMs = budget.throttledMs - throttledBefore;
      results.push(run);
      // At the budget's edge (ours or the org's) the other objects wait too, for the next run.
      if (overBudget) break;
    }
    await this.connectionStore.touch(connectionId, 'sync');
    return results;
  }

  /**
   * Echo suppression: a change Salesforce reports that the companion itself wrote (an update or a
   * create) — last modified by the connected user, and every synced field the companion wrote
   * still holding the value it wrote —
   * is marked `ownChange`, so Rox does not import its own writes back as Salesforce edits.
   */
  private async markEchoes(
    connectionId: string,
    sobject: string,
    records: SyncedRecord[],
    userId: string | null,
  ): Promise<void> {
    if (!userId) return;
    const mine = records.filter((r) => String(r.data.LastModifiedById ?? '').slice(0, 15) === userId.slice(0, 15));
    if (mine.length === 0) return;
    const written = await this.fieldState.written(
      connectionId,
      sobject,
      mine.map((r) => r.id),
    );
    const byRecord = new Map<string, Array<[string, unknown]>>();
    for (const [key, b] of written) {
      const dot = key.indexOf('.');
      const id = key.slice(0, dot);
      byRecord.set(id, [...(byRecord.get(id) ?? []), [key.slice(dot + 1), b.value]]);
    }
    // Only synced fields can be compared: a create's static values and fields Rox writes but does
    // not read are not in the row, and say nothing about who changed it last.
    const own = new Map<string, boolean>();
    for (const r of mine) {
      const fields = byRecord.get(r.id) ?? [];
      const seen = fields.filter(([field]) => field in r.data);
      own.set(r.id, fields.length > 0 && seen.every(([field, value]) => sameValue(value, r.data[field])));
    }
    await this.store.markOwnChanges(connectionId, sobject, own);
  }

  /** The run in progress in this instance, cheaply (what `rox sync` polls while it waits). */
  async running(connectionId: string) {
    await this.connections.get(connectionId);
    return { running: this.live.get(connectionId) ?? null };
  }

  async status(connectionId: string) {
    const m = (await this.mappingStore.get<CrmMappings>(connectionId))?.config ?? defaultCrmMappings();
    const out = [];
    for (const t of syncTargets(m)) {
      const s = await this.store.state(connectionId, t.sobject);
      const counts = await this.store.count(connectionId, t.sobject);
      out.push({
        object: t.sobject,
        lastRunAt: s?.lastRunAt ?? null,
        lastSuccessAt: s?.lastSuccessAt ?? null,
        lagSeconds: s?.cursorModstamp
          ? Math.max(0, Math.round((Date.now() - Date.parse(s.cursorModstamp)) / 1000))
          : null,
        rows: counts.live,
        deleted: counts.deleted,
        apiCalls: s?.apiCalls ?? 0,
        error: s?.lastError ?? null,
        fields: s?.fields ?? [],
        intervalSeconds: this.intervalOf(t),
        // A Bulk backfill that stopped part way resumes from here on the next run.
        backfill: s?.bulk ? { bulkJobId: s.bulk.jobId, resumesAtPage: s.bulk.locator || 'first' } : null,
        deletesCheckedUntil: s?.deletesCheckedUntil ?? null,
      });
    }
    return { running: this.live.get(connectionId) ?? null, objects: out };
  }
}
