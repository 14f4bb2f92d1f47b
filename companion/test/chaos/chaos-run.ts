/**
 * A chaos run: the workload submitted to several companion instances on one PostgreSQL while the
 * local org injects every fault it has and instances are killed with SIGKILL and restarted; then
 * it waits for the outbox to drain and checks the promise. Used small by the chaos test in
 * `npm test` and at full size by the soak in `npm run bench`.
 */
import { SeededRandom } from '../../local-org/src/core/random.js';
import type { FaultSpec } from '../../local-org/src/http/faults.js';
import { SF } from '../../src/salesforce/names.js';
import type { Db } from '../../src/store/db.js';
import { ChaosWorld } from './chaos-world.js';
import { type WorkloadSize, buildWorkload } from './chaos-workload.js';

export interface ChaosOptions {
  size: WorkloadSize;
  database: { url: string; db: Db };
  instances?: number;
  kills: number;
  /** Items per request. */
  batch: number;
  /** Pause between requests, so kills land while work is in flight. */
  submitGapMs: number;
  latencyMs: number;
  /** The faults to inject (default: productionFaults(latencyMs)). */
  faults?: FaultSpec[];
  /** Time between kills: a random pause in [min, max] ms. */
  killEveryMs?: [number, number];
  /**
   * true (default): the last batch waits for the last kill, so every kill lands while work arrives.
   * false: submit as fast as the client can and go on killing while the outbox drains.
   */
  killBeforeLastBatch?: boolean;
  /** Writebacks a worker claims per pass (smaller: more passes and calls for the faults to hit). */
  claimBatch?: number;
  leaseSeconds: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  items: number;
  accepted: number;
  lost: number;
  duplicated: number;
  failed: Array<{ roxId: string; kind: string; code: string; detail: string }>;
  wrong: { existing: number; created: number; subjects: number; examples: string[] };
  newAddresses: number;
  addressesWithoutLead: number;
  addressesWithSeveralLeads: number;
  kills: number;
  reauthorizations: number;
  faultsFired: Record<string, number>;
  drainSeconds: number;
  submitSeconds: number;
  apiCalls: number;
  states: Record<string, number>;
}

/**
 * Every fault kind the local org has, at the rates of the production run: 5% row locks on
 * Collections and Composite calls, 3% HTML 503 pages, 10% latency, 2% dropped connections (half
 * after the write committed), expired sessions, two request-limit errors and one revoked refresh
 * token. `rare` scales the rare ones up for a small run, so each still happens.
 */
export function productionFaults(latencyMs: number, rare = 1): FaultSpec[] {
  const writes = ['composite/sobjects', 'composite'];
  const faults: FaultSpec[] = [
    { kind: 'lock-row', route: writes, fraction: 0.05 },
    { kind: 'unavailable-html', fraction: 0.03 },
    { kind: 'latency', fraction: 0.1, latencyMs },
    { kind: 'drop-connection', fraction: 0.01 * rare },
    { kind: 'drop-connection', fraction: 0.01 * rare, phase: 'after' },
    { kind: 'session-expired', fraction: 0.01 * rare, count: 6 },
    { kind: 'request-limit', fraction: 0.01 * rare, count: 2 },
    { kind: 'refresh-revoked', count: 1 },
  ];
  if (rare === 1) return faults;
  // A small run makes about a hundred calls, and which of them meets which draw depends on how the instances' calls
  // interleave: even four times as often, a rare kind drew no call in about 1 run of 100. So each also fires once
  // for certain, on the first write it meets (an expired session there leads to the revoked refresh and the new login).
  return [
    ...faults,
    { kind: 'drop-connection', route: writes, count: 1 },
    { kind: 'drop-connection', route: writes, count: 1, phase: 'after' },
    { kind: 'session-expired', route: writes, count: 1 },
    { kind: 'request-limit', route: writes, count: 1 },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [r] = await db.query<{ n: number }>(sql, params);
  return Number(r.n);
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const rng = new SeededRandom(o.seed ?? 11);
  const world = new ChaosWorld({
    instances: o.instances ?? 2,
    database: o.database,
    leaseSeconds: o.leaseSeconds,
    batchSize: o.claimBatch ?? 500,
    env: { SYNC_INTERVAL_SECONDS: '60' },
  });
  let stop = false;
  let killer: Promise<void> = Promise.resolve();
  let watcher: Promise<void> = Promise.resolve();
  try {
    await world.start();
    await world.connect('chaos');
    const org = world.lo.org;
    const admin = org.users.admin.id;
    const accountIds = Array.from({ length: o.size.existingAccounts }, (_, a) =>
      org.insert('Account', { Name: `Chaos Existing ${a}` }, admin),
    );
    const contacts = Array.from({ length: o.size.knownContacts }, (_, c) => `known${c}@chaos.example`);
    for (const [c, email] of contacts.entries()) org.insert('Contact', { LastName: `Known ${c}`, Email: email }, admin);
    const base = Math.max(Date.now(), org.clock.nowMs(), org.clock.lastWriteMs) + 1000;
    const work = buildWorkload(o.size, o.seed ?? 11, base, accountIds, contacts, 'c');
    log(`workload: ${work.items.length} writebacks`);
    for (const f of o.faults ?? productionFaults(o.latencyMs)) org.addFault(f);
    org.resetUsage();

    let kills = 0;
    let reauthorizations = 0;
    const started = Date.now();
    // The killer: SIGKILL one instance at a time, restart it a moment later.
    const [minGap, maxGap] = o.killEveryMs ?? [1500, 4000];
    killer = (async () => {
      while (!stop && kills < o.kills) {
        await sleep(minGap + rng.int(maxGap - minGap));
        const live = world.alive();
        if (stop || live.length < 2) continue;
        const victim = rng.pick(live);
        await world.kill(victim);
        kills++;
        log(`killed instance ${victim.slot} (${kills}/${o.kills})`);
        await sleep(300 + rng.int(700));
        await world.launch(victim);
      }
    })();
    // The admin: logs in again whenever the connection needs it.
    watcher = (async () => {
      while (!stop) {
        if (await world.reauthorizeIfNeeded().catch(() => false)) {
          reauthorizations++;
          log('connection was Action Required: logged in again');
        }
        await sleep(300);
      }
    })();

    // The client: batches to any live instance; a batch that got no answer is sent again (the
    // same idempotency keys), and one batch in ten is sent twice on purpose.
    const accepted = new Set<string>();
    for (let i = 0; i < work.items.length; i += o.batch) {
      const batch = work.items.slice(i, i + o.batch);
      // Every kill happens while work is still arriving: the last batch waits for the last kill.
      if (i + o.batch >= work.items.length && o.killBeforeLastBatch !== false) await killer;
      const times = rng.chance(0.1) ? 2 : 1;
      for (let k = 0; k < times; k++) {
        const res = await world.api('POST', `/v1/connections/${world.connectionId}/writebacks`, {
          key: world.connectionKey,
          body: { items: batch },
        });
        if (res.status !== 202) throw new Error(`submission refused: ${res.status} ${JSON.stringify(res.json)}`);
        for (const item of batch) accepted.add(String(item.idempotencyKey));
      }
      await sleep(o.submitGapMs);
    }
    const submitted = Date.now();
    log(`submitted in ${((submitted - started) / 1000).toFixed(1)} s; draining`);
    const db = o.database.db;
    for (;;) {
      const open = await count(db, "SELECT count(*)::int AS n FROM writebacks WHERE state IN ('queued', 'sending')");
      if (open === 0) break;
      if (Date.now() - submitted > 15 * 60_000) throw new Error(`not drained after 15 minutes: ${open} open`);
      await sleep(200);
    }
    const drainSeconds = (Date.now() - submitted) / 1000;
    log(`drained ${drainSeconds.toFixed(1)} s after the last submission`);
    stop = true;
    await watcher;
    // The admin looks once more after the drain: a refresh token revoked near the end (the work
    // finished on access tokens still valid) leaves the connection Action Required until then.
    if (await world.reauthorizeIfNeeded().catch(() => false)) {
      reauthorizations++;
      log('connection was Action Required after the drain: logged in again');
    }
    return await verify(world, db, work, accepted, {
      kills,
      reauthorizations,
      drainSeconds,
      submitSeconds: (submitted - started) / 1000,
    });
  } finally {
    stop = true;
    await Promise.allSettled([killer, watcher]);
    await world.stop();
  }
}

async function verify(
  world: ChaosWorld,
  db: Db,
  work: ReturnType<typeof buildWorkload>,
  accepted: Set<string>,
  run: Pick<ChaosReport, 'kills' | 'reauthorizations' | 'drainSeconds' | 'submitSeconds'>,
): Promise<ChaosReport> {
  const org = world.lo.org;
  const apiCalls = org.usage().total;
  const faultsFired: Record<string, number> = {};
  for (const f of org.faults.list()) {
    const name = f.kind + (f.phase === 'after' ? ' (after commit)' : '');
    faultsFired[name] = (faultsFired[name] ?? 0) + f.fired;
  }
  org.clearFaults();
  const admin = org.users.admin.id;
  const rows = await db.query<{
    idempotency_key: string;
    rox_id: string;
    kind: string;
    state: string;
    outcome: { error?: { code?: string }; errors?: Array<{ statusCode: string }> } | null;
    history: Array<{ event: string; detail?: string }>;
  }>('SELECT idempotency_key, rox_id, kind, state, outcome, history FROM writebacks WHERE connection_id = $1', [
    world.connectionId,
  ]);
  const keys = new Set(rows.map((r) => r.idempotency_key));
  const lost = [...accepted].filter((k) => !keys.has(k)).length;
  const states: Record<string, number> = {};
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
  const failed = rows
    .filter((r) => r.state === 'failed')
    .map((r) => ({
      roxId: r.rox_id,
      kind: r.kind,
      code: r.outcome?.error?.code ?? r.outcome?.errors?.map((e) => e.statusCode).join(',') ?? '?',
      detail: r.history.at(-1)?.detail ?? '',
    }));

  // Duplicates: a created Account, its ID mapping, a Task or a Lead that exists more than once.
  let duplicated = 0;
  const examples: string[] = [];
  const accounts = org.query(admin, "SELECT Id, Name, Phone FROM Account WHERE Name LIKE 'Chaos c New %'");
  const byName = new Map<string, Array<Record<string, unknown>>>();
  for (const a of accounts) byName.set(String(a.Name), [...(byName.get(String(a.Name)) ?? []), a]);
  for (const list of byName.values()) duplicated += list.length - 1;
  const maps = org.query(admin, `SELECT ${SF.idMapping.roxEntityId} FROM ${SF.idMapping.object}`);
  duplicated += maps.length - new Set(maps.map((m) => m[SF.idMapping.roxEntityId])).size;
  // Only the integration user holds field access to RoxActivityId (the package's permission set).
  const tasks = org.query(org.users.integration.id, `SELECT Id, Subject, ${SF.roxActivityId} FROM Task`);
  const taskById = new Map<string, Array<Record<string, unknown>>>();
  for (const t of tasks)
    taskById.set(String(t[SF.roxActivityId]), [...(taskById.get(String(t[SF.roxActivityId])) ?? []), t]);
  for (const list of taskById.values()) duplicated += list.length - 1;

  const wrong = { existing: 0, created: 0, subjects: 0, examples };
  const note = (s: string) => examples.length < 10 && examples.push(s);
  for (const [roxId, e] of work.expected.existing) {
    const phone = org.get(e.salesforceId)?.Phone;
    if (phone !== e.phone) {
      wrong.existing++;
      note(`${roxId}: Phone ${String(phone)}, expected ${e.phone}`);
    }
  }
  for (const [roxId, c] of work.expected.created) {
    const list = byName.get(c.name) ?? [];
    if (list.length === 0 || list[0].Phone !== c.phone) {
      wrong.created++;
      note(`${roxId}: ${list.length} records, Phone ${String(list[0]?.Phone)}, expected ${c.phone}`);
    }
  }
  for (const [id, subject] of work.expected.subjects) {
    const list = taskById.get(id.toLowerCase()) ?? taskById.get(id) ?? [];
    if (list.length !== 1 || list[0].Subject !== subject) {
      wrong.subjects++;
      note(`${id}: ${list.length} Tasks, Subject ${String(list[0]?.Subject)}, expected ${subject}`);
    }
  }
  let addressesWithoutLead = 0;
  let addressesWithSeveralLeads = 0;
  for (const email of work.expected.newAddresses) {
    const n = org.query(admin, `SELECT Id FROM Lead WHERE Email = '${email}'`).length;
    if (n === 0) addressesWithoutLead++;
    if (n > 1) addressesWithSeveralLeads++;
  }
  return {
    items: work.items.length,
    accepted: accepted.size,
    lost,
    duplicated,
    failed,
    wrong,
    newAddresses: work.expected.newAddresses.length,
    addressesWithoutLead,
    addressesWithSeveralLeads,
    faultsFired,
    apiCalls,
    states,
    ...run,
  };
}
