/**
 * `npm run bench`: the companion's writeback against the local org, side by side with a naive
 * baseline measured in the same run (one jsforce call per record, one query per email), and the
 * intake rate (202s per second, p99) on the embedded store and on PostgreSQL.
 *
 *   npm run bench                 full sizes (10,000 updates, 10,000 emails)
 *   BENCH_SCALE=0.1 npm run bench  a tenth of that (quick look)
 */
import { Connection } from 'jsforce';
import { createLocalOrg, type RunningLocalOrg } from '../local-org/src/index.js';
import { configSchema } from '../src/config/config-schema.js';
import { createLogger } from '../src/core/logger.js';
import { defaultCrmMappings } from '../src/mappings/index.js';
import { SF } from '../src/salesforce/names.js';
import { TokenCipher } from '../src/security/token-cipher.js';
import { buildService, type Service } from '../src/service.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite-db.js';
import { openPostgres } from '../src/store/pg-db.js';
import { WritebackWorker } from '../src/writeback/writeback-worker.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N_UPDATES = Math.round(10_000 * SCALE);
const N_EMAILS = Math.round(10_000 * SCALE);
const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Row {
  scenario: string;
  records: number;
  calls: number;
  seconds: number;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

async function companion(lo: RunningLocalOrg, db: Db): Promise<{ svc: Service; conn: string }> {
  const app = lo.org.apps[0];
  const config = configSchema.parse({
    PORT: '0',
    SF_CLIENT_ID: app.clientId,
    SF_CLIENT_SECRET: app.clientSecret,
    SF_LOGIN_URL: lo.loginUrl,
    LOG_LEVEL: 'silent',
  });
  const svc = await buildService(config, createLogger('silent'), { db, encryptionKey: TokenCipher.generateKey() });
  const c = await svc.connections.connectJwt({
    name: `bench-${Date.now()}`,
    username: lo.org.users.integration.username,
    privateKey: lo.org.jwtKeys().privateKeyPem,
  });
  const m = defaultCrmMappings();
  m.activities.writeback.email = true;
  m.activities.leadResolution = true;
  await svc.mappingStore.save(c.id, m, [], true);
  return { svc, conn: c.id };
}

function jsforceFor(lo: RunningLocalOrg): Connection {
  const s = lo.org.issueSession(lo.org.users.integration.username);
  return new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
}

async function timed(lo: RunningLocalOrg, scenario: string, records: number, fn: () => Promise<void>): Promise<Row> {
  lo.org.resetUsage();
  const start = performance.now();
  await fn();
  return { scenario, records, calls: lo.org.usage().total, seconds: (performance.now() - start) / 1000 };
}

async function fieldUpdates(lo: RunningLocalOrg, svc: Service, conn: string): Promise<Row[]> {
  const owner = lo.org.users.integration.id;
  const ids = Array.from({ length: N_UPDATES }, (_, i) => lo.org.insert('Account', { Name: `Bench ${i}` }, owner));
  const changedAt = new Date(Date.now() + 3_600_000).toISOString();
  for (let i = 0; i < ids.length; i += 1000)
    await svc.outbox.enqueue(
      conn,
      ids.slice(i, i + 1000).map((sid, j) => ({
        kind: 'update',
        sobject: 'Account',
        roxId: `b${i + j}`,
        changedAt,
        payload: {
          fields: { Phone: `C${i + j}` },
          changedFields: ['Phone'],
          staticFields: [],
          salesforceId: sid,
          rejected: [],
        },
      })),
    );
  const ours = await timed(lo, 'field updates: companion (conflict check + Collections)', N_UPDATES, async () => {
    await svc.worker.drain(conn);
  });
  // The same updates again, claimed in one pass and sent as one Bulk API 2.0 job.
  const later = new Date(Date.now() + 7_200_000).toISOString();
  for (let i = 0; i < ids.length; i += 1000)
    await svc.outbox.enqueue(
      conn,
      ids.slice(i, i + 1000).map((sid, j) => ({
        kind: 'update',
        sobject: 'Account',
        roxId: `b${i + j}`,
        changedAt: later,
        payload: {
          fields: { Phone: `B${i + j}` },
          changedFields: ['Phone'],
          staticFields: [],
          salesforceId: sid,
          rejected: [],
        },
      })),
    );
  const bulkWorker = new WritebackWorker({
    ...(svc.worker as unknown as { d: ConstructorParameters<typeof WritebackWorker>[0] }).d,
    batchSize: N_UPDATES,
    bulkThreshold: 2000,
  });
  const bulk = await timed(lo, 'field updates: companion, one pass as a Bulk API 2.0 job', N_UPDATES, async () => {
    await bulkWorker.drain(conn);
  });
  const counts = await svc.outbox.counts(conn);
  if (counts.written !== 2 * N_UPDATES)
    throw new Error(
      `bench: expected every update written, got ${JSON.stringify(counts)} ${JSON.stringify((await svc.outbox.list(conn, { state: 'failed', limit: 1 }))[0]?.outcome)}`,
    );
  const sf = jsforceFor(lo);
  const naive = await timed(lo, 'field updates: naive (one update call per record)', N_UPDATES, async () => {
    for (let i = 0; i < ids.length; i++) await sf.sobject('Account').update({ Id: ids[i], Phone: `N${i}` });
  });
  return [ours, naive, bulk];
}

function emailItem(i: number, to: string) {
  return {
    type: 'activity',
    activity: {
      kind: 'email',
      roxActivityId: `bench-${i}`,
      subject: `Bench email ${i}`,
      occurredAt: '2026-11-20T10:00:00Z',
      direction: 'outbound',
      participants: [
        { email: 'rep@rox.example', role: 'from' },
        { email: to, role: 'to' },
      ],
    },
  };
}

async function emails(lo: RunningLocalOrg, svc: Service, conn: string): Promise<Row[]> {
  const owner = lo.org.users.integration.id;
  const half = Math.floor(N_EMAILS / 2);
  for (let i = 0; i < half; i++)
    lo.org.insert('Contact', { LastName: `K${i}`, Email: `known${i}@bench.example` }, owner);
  const to = (i: number, prefix: string) => (i % 2 === 0 ? `known${i / 2}@bench.example` : `${prefix}${i}@new.example`);
  for (let i = 0; i < N_EMAILS; i += 1000)
    await svc.writebacks.submit(conn, {
      items: Array.from({ length: Math.min(1000, N_EMAILS - i) }, (_, j) => emailItem(i + j, to(i + j, 'u'))),
    });
  const ours = await timed(lo, 'email activities + lead resolution: companion', N_EMAILS, async () => {
    await svc.worker.drain(conn);
  });
  const sf = jsforceFor(lo);
  const naive = await timed(lo, 'email activities + lead resolution: naive', N_EMAILS, async () => {
    for (let i = 0; i < N_EMAILS; i++) {
      const email = to(i, 'n');
      let who = (await sf.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Email = '${email}' LIMIT 1`)).records[0]
        ?.Id;
      if (!who)
        who = (
          await sf.query<{ Id: string }>(`SELECT Id FROM Lead WHERE Email = '${email}' AND IsConverted = false LIMIT 1`)
        ).records[0]?.Id;
      if (!who)
        who = (
          (await sf
            .sobject('Lead')
            .create({ LastName: email.split('@')[0], Company: 'new.example', Email: email })) as { id: string }
        ).id;
      await sf.sobject('Task').create({
        Subject: `Naive email ${i}`,
        TaskSubtype: 'Email',
        Status: 'Completed',
        WhoId: who,
        [SF.roxActivityId]: `naive-${i}`,
      });
    }
  });
  return [ours, naive];
}

/** Single-item writebacks posted over HTTP by 16 concurrent clients for a few seconds. */
async function intake(lo: RunningLocalOrg, db: Db, label: string): Promise<string> {
  const { svc, conn } = await companion(lo, db);
  const url = await svc.listen();
  const { key } = await svc.keys.create({ connectionId: conn, name: 'bench' });
  const body = JSON.stringify({
    items: [
      {
        type: 'update',
        object: 'Account',
        roxId: 'intake',
        salesforceId: '001000000000001AAA',
        changedAt: new Date().toISOString(),
        fields: { phone: '1' },
      },
    ],
  });
  const latencies: number[] = [];
  const until = performance.now() + 4000;
  let failures = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${url}/v1/connections/${conn}/writebacks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        await res.text();
        if (res.status !== 202) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await svc.close();
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  return `${label.padEnd(30)} ${String(Math.round(latencies.length / 4)).padStart(6)} req/s  p50 ${p(0.5)} ms  p99 ${p(0.99)} ms  (${failures} not 202)`;
}

function table(rows: Row[]): string {
  const lines = [
    'scenario'.padEnd(58) +
      'records'.padStart(9) +
      'API calls'.padStart(11) +
      'per 1,000'.padStart(11) +
      'records/s'.padStart(11),
  ];
  for (const r of rows)
    lines.push(
      r.scenario.padEnd(58) +
        String(r.records).padStart(9) +
        String(r.calls).padStart(11) +
        ((r.calls / r.records) * 1000).toFixed(1).padStart(11) +
        Math.round(r.records / r.seconds)
          .toString()
          .padStart(11),
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, apiLimit: 10_000_000 });
  const db = await openPglite();
  await migrate(db);
  const { svc, conn } = await companion(lo, db);
  const rows = [...(await fieldUpdates(lo, svc, conn)), ...(await emails(lo, svc, conn))];
  await svc.close();
  await db.close();
  process.stdout.write(`\nWriteback against the local org (scale ${SCALE})\n${table(rows)}\n`);
  for (const [a, b, what] of [
    [rows[0], rows[1], 'field updates'],
    [rows[2], rows[1], 'field updates as one Bulk job'],
    [rows[3], rows[4], 'email activities'],
  ] as const)
    process.stdout.write(
      `${what}: ${(b.calls / a.calls).toFixed(1)}x fewer API calls than naive, ${(a.records / a.seconds / (b.records / b.seconds)).toFixed(2)}x its records/s\n`,
    );

  process.stdout.write('\nIntake (202 accepted durably, 16 concurrent HTTP clients, 4 s)\n');
  const pglite = await openPglite();
  await migrate(pglite);
  process.stdout.write(`${await intake(lo, pglite, 'embedded PGlite')}\n`);
  await pglite.close();
  try {
    const pg = await openPostgres(PG_URL);
    await pg.query('DROP SCHEMA IF EXISTS bench CASCADE');
    await pg.query('CREATE SCHEMA bench');
    await pg.close();
    const u = new URL(PG_URL);
    u.searchParams.set('options', '-c search_path=bench');
    const pgb = await openPostgres(u.toString(), { max: 10 });
    await migrate(pgb);
    process.stdout.write(`${await intake(lo, pgb, 'PostgreSQL')}\n`);
    await pgb.close();
  } catch (e) {
    process.stdout.write(`PostgreSQL                     not measured: ${(e as Error).message}\n`);
  }
  clearInterval(sampler);
  process.stdout.write(
    `\npeak RSS of the run (local org, companion and naive clients in one process): ${Math.round(peakRss / 1024 / 1024)} MB\n`,
  );
  await lo.close();
}

void main();
