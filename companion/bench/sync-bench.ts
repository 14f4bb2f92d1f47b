/**
 * `npm run bench` (second part): a backfill of 1,000,000 Accounts from a local org running in its
 * own process (so this process's memory is the companion's), into PostgreSQL: over REST pages and
 * through a Bulk API 2.0 job, each beside a bare fetch-and-discard loop over the same pages in the
 * same run; then an incremental run over 10,000 changed records. SYNC_BENCH_ROWS changes the size.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { ConnectionService } from '../src/connections/connection-service.js';
import { createLogger } from '../src/core/logger.js';
import { defaultCrmMappings } from '../src/mappings/index.js';
import { bulkQueryBatches } from '../src/salesforce/bulk-query.js';
import { TokenCipher } from '../src/security/token-cipher.js';
import { ConnectionStore } from '../src/store/connection-store.js';
import { FieldStateStore } from '../src/store/field-state-store.js';
import { MappingStore } from '../src/store/mapping-store.js';
import { migrate } from '../src/store/migrate.js';
import { OAuthFlowStore } from '../src/store/oauth-flow-store.js';
import { openPostgres } from '../src/store/pg-db.js';
import { SyncStore } from '../src/store/sync-store.js';
import { SyncService } from '../src/sync/sync-service.js';

const ROWS = Number(process.env.SYNC_BENCH_ROWS ?? 1_000_000);
const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Rows per Bulk page, for the companion and the bare loop alike. */
const BULK_PAGE = 50_000;
const FIELDS = ['Name', 'Industry', 'Website', 'NumberOfEmployees', 'AnnualRevenue', 'Phone', 'LastModifiedById'];

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

async function startOrg(): Promise<{
  url: string;
  access: string;
  refresh: string;
  clientId: string;
  secret: string;
  admin: string;
  stop: () => void;
}> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'companion/local-org/src/cli.ts',
      '--accounts',
      String(ROWS),
      '--no-crm-seed',
      '--api-limit',
      '100000000',
      '--log-level',
      'warn',
    ],
    {
      cwd: join(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('Try:')) resolve();
    });
    child.once('exit', (c) => reject(new Error(`local org exited ${c}`)));
  });
  const get = (re: RegExp) => re.exec(out)![1];
  return {
    url: get(/URL \(instance, login, token host\): (\S+)/),
    access: get(/Access token:\s+(\S+)/),
    refresh: get(/Refresh token:\s+(\S+)/),
    clientId: get(/client_id=(\S+)/),
    secret: get(/client_secret=(\S+)/),
    admin: get(/Admin token:\s+(\S+)/),
    stop: () => child.kill('SIGTERM'),
  };
}

async function main(): Promise<void> {
  const org = await startOrg();
  const usage = async () =>
    (
      (await (await fetch(`${org.url}/__local/usage`, { headers: { 'X-Local-Admin-Token': org.admin } })).json()) as {
        total: number;
      }
    ).total;
  const setup = await openPostgres(PG_URL);
  await setup.query('DROP SCHEMA IF EXISTS syncbench CASCADE');
  await setup.query('CREATE SCHEMA syncbench');
  await setup.close();
  const u = new URL(PG_URL);
  u.searchParams.set('options', '-c search_path=syncbench');
  const db = await openPostgres(u.toString(), { max: 4 });
  await migrate(db);
  const cipher = new TokenCipher(TokenCipher.generateKey());
  const log = createLogger('silent');
  const connectionStore = new ConnectionStore(db, cipher);
  const connections = new ConnectionService(
    connectionStore,
    new OAuthFlowStore(db, cipher),
    {
      apiVersion: '62.0',
      clientId: org.clientId,
      clientSecret: org.secret,
      defaultLoginUrl: org.url,
      publicUrl: () => 'http://127.0.0.1',
    },
    log,
  );
  const mappings = new MappingStore(db);
  const syncStore = new SyncStore(db);
  const m = defaultCrmMappings();
  for (const tab of ['opportunities', 'contacts', 'leads'] as const) m[tab].sync = false;
  m.activities.sync = false;
  m.accounts.fieldMappings = m.accounts.fieldMappings.filter((f) => FIELDS.includes(f.salesforceField));

  async function connection(name: string): Promise<string> {
    const c = await connectionStore.create({ name, authMethod: 'oauth', loginUrl: org.url, clientId: org.clientId });
    await connectionStore.saveSession(c.id, {
      accessToken: org.access,
      refreshToken: org.refresh,
      instanceUrl: org.url,
    });
    await connections.verify(c.id);
    await mappings.save(c.id, m, [], true);
    return c.id;
  }
  const service = (bulkThreshold: number) =>
    new SyncService(connections, connectionStore, mappings, syncStore, new FieldStateStore(db), log, {
      bulkThreshold,
      bulkPageSize: BULK_PAGE,
    });
  const jsf = new Connection({ instanceUrl: org.url, accessToken: org.access, version: '62.0' });
  const soql = `SELECT Id, SystemModstamp, IsDeleted, ${FIELDS.join(', ')} FROM Account`;
  const rows: string[] = [];
  const line = (what: string, n: number, calls: number, s: number, bare?: number) =>
    rows.push(
      `${what.padEnd(46)}${String(n).padStart(10)}${String(calls).padStart(8)}${String(Math.round(n / s)).padStart(11)}${bare ? (n / s / bare).toFixed(2).padStart(9) : ''.padStart(9)}`,
    );

  // Bare REST loop: fetch every page and discard it.
  let t0 = performance.now();
  let c0 = await usage();
  let page = await jsf.request<{ records: unknown[]; nextRecordsUrl?: string }>(
    `/services/data/v62.0/queryAll?q=${encodeURIComponent(`${soql} ORDER BY SystemModstamp, Id`)}`,
  );
  let bareRows = page.records.length;
  while (page.nextRecordsUrl) {
    page = await jsf.request(page.nextRecordsUrl);
    bareRows += page.records.length;
  }
  const bareRest = bareRows / ((performance.now() - t0) / 1000);
  line('bare REST fetch-and-discard', bareRows, (await usage()) - c0, (performance.now() - t0) / 1000);

  const restConn = await connection('rest');
  const idle = process.memoryUsage().rss;
  peak = idle;
  t0 = performance.now();
  c0 = await usage();
  const [rest] = await service(Number.MAX_SAFE_INTEGER).runConnection(restConn);
  line('companion backfill, REST pages', rest.rows, (await usage()) - c0, (performance.now() - t0) / 1000, bareRest);
  const restPeak = peak;

  // Bare Bulk loop.
  const restClient = await connections.client(restConn);
  t0 = performance.now();
  c0 = await usage();
  let bareBulkRows = 0;
  for await (const batch of bulkQueryBatches(restClient, soql, { pollMs: 200, maxRecords: BULK_PAGE }))
    bareBulkRows += batch.rows.length;
  const bareBulk = bareBulkRows / ((performance.now() - t0) / 1000);
  line('bare Bulk 2.0 fetch-and-discard', bareBulkRows, (await usage()) - c0, (performance.now() - t0) / 1000);

  const bulkConn = await connection('bulk');
  peak = process.memoryUsage().rss;
  t0 = performance.now();
  c0 = await usage();
  const [bulk] = await service(50_000).runConnection(bulkConn);
  line('companion backfill, Bulk 2.0 job', bulk.rows, (await usage()) - c0, (performance.now() - t0) / 1000, bareBulk);
  const bulkPeak = peak;

  // 10,000 changed records, then an incremental run.
  const ids = (await syncStore.changes(restConn, 'Account', 0, 10_000)).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 200)
    await jsf.requestPatch('/services/data/v62.0/composite/sobjects', {
      allOrNone: false,
      records: ids.slice(i, i + 200).map((id, j) => ({ attributes: { type: 'Account' }, id, Phone: `inc-${i + j}` })),
    });
  t0 = performance.now();
  c0 = await usage();
  const [inc] = await service(Number.MAX_SAFE_INTEGER).runConnection(restConn);
  line('incremental run after 10,000 changes', inc.rows, (await usage()) - c0, (performance.now() - t0) / 1000);

  clearInterval(sampler);
  process.stdout.write(
    `\nSync backfill of ${ROWS.toLocaleString('en-US')} Accounts (local org in its own process, PostgreSQL store)\n`,
  );
  process.stdout.write(
    `${'scenario'.padEnd(46)}${'rows'.padStart(10)}${'calls'.padStart(8)}${'rows/s'.padStart(11)}${'vs bare'.padStart(9)}\n${rows.join('\n')}\n`,
  );
  process.stdout.write(
    `peak RSS of the companion process: REST backfill ${mb(restPeak)}, Bulk backfill ${mb(bulkPeak)} (${mb(idle)} before the first backfill)\n`,
  );
  await db.close();
  org.stop();
}

void main();
