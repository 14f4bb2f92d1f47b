/**
 * Crash safety: the companion runs as its own process (npm start's entry, on PostgreSQL) sending
 * 3,000 writebacks — 2,400 updates (two successive changes to each of 1,200 Accounts) and 600 new
 * Accounts — and is killed with SIGKILL several times mid-run, then restarted. Every writeback
 * lands exactly once: each create made one record with its ID mapping, and every Account holds the
 * newest of its two values.
 */
import type { ChildProcess } from 'node:child_process';
import { ConnectionService } from '../../src/connections/connection-service.js';
import { createLogger } from '../../src/core/logger.js';
import { defaultCrmMappings } from '../../src/mappings/index.js';
import { SF } from '../../src/salesforce/names.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { ConnectionStore } from '../../src/store/connection-store.js';
import { IdMappingStore } from '../../src/store/id-mapping-store.js';
import { MappingStore } from '../../src/store/mapping-store.js';
import { OAuthFlowStore } from '../../src/store/oauth-flow-store.js';
import { WritebackStore } from '../../src/store/writeback-store.js';
import { WritebackService } from '../../src/writeback/writeback-service.js';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { spawnCompanion } from '../support/companion-process.js';
import { openTestDb, type TestDb } from '../support/engines.js';
import { testJwtKeys } from '../support/jwt-keys.js';

let lo: RunningLocalOrg;
let testDb: TestDb;
const key = TokenCipher.generateKey();

beforeAll(async () => {
  lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, jwtKeys: testJwtKeys() });
  testDb = await openTestDb('postgres');
});
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A child left by a failed run must not outlive the test.
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await testDb.drop();
  await lo.close();
});

function startCompanion(): ChildProcess {
  const app = lo.org.apps[0];
  const child = spawnCompanion({
    DATABASE_URL: testDb.url!,
    ROX_ENCRYPTION_KEY: key,
    SF_CLIENT_ID: app.clientId,
    SF_CLIENT_SECRET: app.clientSecret,
    SF_LOGIN_URL: lo.loginUrl,
    WRITEBACK_LEASE_SECONDS: '1',
    WRITEBACK_BATCH_SIZE: '200',
  });
  children.add(child);
  return child;
}

async function remaining(): Promise<number> {
  const [r] = await testDb.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM writebacks WHERE state IN ('queued', 'sending')",
  );
  return Number(r.n);
}

async function sending(): Promise<number> {
  const [r] = await testDb.db.query<{ n: number }>("SELECT count(*)::int AS n FROM writebacks WHERE state = 'sending'");
  return Number(r.n);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('lands every writeback exactly once through repeated SIGKILLs and restarts', async () => {
  const cipher = new TokenCipher(key);
  const connections = new ConnectionService(
    new ConnectionStore(testDb.db, cipher),
    new OAuthFlowStore(testDb.db, cipher),
    {
      apiVersion: '62.0',
      clientId: lo.org.apps[0].clientId,
      defaultLoginUrl: lo.loginUrl,
      publicUrl: () => 'http://127.0.0.1',
    },
    createLogger('silent'),
  );
  const conn = await connections.connectJwt({
    name: 'crashy',
    username: lo.org.users.integration.username,
    privateKey: lo.org.jwtKeys().privateKeyPem,
  });
  const mappings = new MappingStore(testDb.db);
  const m = defaultCrmMappings();
  m.accounts.writebackNewEntities = true;
  await mappings.save(conn.id, m, [], true);
  const intake = new WritebackService(
    connections,
    mappings,
    new WritebackStore(testDb.db),
    new IdMappingStore(testDb.db),
  );

  const owner = lo.org.users.integration.id;
  const ids = Array.from({ length: 1200 }, (_, i) => lo.org.insert('Account', { Name: `Crash ${i}` }, owner));
  const t0 = Date.now() + 60_000;
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const items = [
    ...ids.map((sid, i) => ({
      type: 'update' as const,
      object: 'Account' as const,
      roxId: `u${i}`,
      salesforceId: sid,
      changedAt: at(0),
      fields: { phone: `old-${i}` },
    })),
    ...Array.from({ length: 600 }, (_, i) => ({
      type: 'create' as const,
      object: 'Account' as const,
      roxId: `new-${i}`,
      changedAt: at(0),
      fields: { name: `Crash New ${i}` },
    })),
    ...ids.map((sid, i) => ({
      type: 'update' as const,
      object: 'Account' as const,
      roxId: `u${i}`,
      salesforceId: sid,
      changedAt: at(1),
      fields: { phone: `new-${i}` },
    })),
  ];
  for (let i = 0; i < items.length; i += 1000) await intake.submit(conn.id, { items: items.slice(i, i + 1000) });
  expect(await remaining()).toBe(3000);

  // Each Collections call takes 150 ms longer, so a kill is likely to find rows in flight.
  lo.org.addFault({ kind: 'latency', route: 'composite/sobjects', latencyMs: 150, fraction: 1, count: 100_000 });
  let kills = 0;
  for (let round = 0; round < 4 && (await remaining()) > 0; round++) {
    const child = startCompanion();
    const before = await remaining();
    // Kill once this run has made progress and holds rows in flight (or after 20 s).
    for (let waited = 0; waited < 20_000; waited += 20) {
      if ((await remaining()) < before - 100 && (await sending()) > 0) break;
      await sleep(20);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    kills++;
    await sleep(1200); // the 1 s lease of the killed worker's rows expires
  }
  expect(kills).toBeGreaterThanOrEqual(3);
  lo.org.clearFaults();
  const last = startCompanion();
  let stderr = '';
  last.stderr?.on('data', (d) => (stderr += String(d)));
  // Waits for the outbox to drain (the test's own timeout bounds it).
  while ((await remaining()) > 0) await sleep(200);
  last.kill('SIGTERM');
  await new Promise((r) => last.once('exit', r));
  expect(stderr).toBe('');
  expect(await remaining()).toBe(0);

  const states = await testDb.db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM writebacks GROUP BY state',
  );
  expect(states.map((s) => [s.state, Number(s.n)])).toEqual([['written', 3000]]);
  const created = lo.org.query(owner, "SELECT Id, Name FROM Account WHERE Name LIKE 'Crash New %'");
  expect(created).toHaveLength(600);
  expect(new Set(created.map((r) => r.Name)).size).toBe(600);
  const maps = lo.org.query(
    owner,
    `SELECT ${SF.idMapping.salesforceRecordId} FROM ${SF.idMapping.object} WHERE ${SF.idMapping.roxEntityId} LIKE 'new-%'`,
  );
  expect(maps).toHaveLength(600);
  expect(ids.every((id, i) => lo.org.get(id)?.Phone === `new-${i}`)).toBe(true);
  // The kills really hit rows in flight: their lease expired and they were sent again.
  const resent = await testDb.db.query(
    `SELECT id FROM writebacks WHERE history @> '[{"event": "lease expired"}]'::jsonb`,
  );
  process.stdout.write(`${kills} kills, ${resent.length} writebacks were in flight at a kill and sent again\n`);
  expect(resent.length).toBeGreaterThan(0);
}, 300_000);
