/**
 * `npm run bench` (second part): a backfill of 1,000,000 Accounts from a local org running in its
 * own process, into PostgreSQL: over REST pages and through a Bulk API 2.0 job, each beside a bare
 * fetch-and-discard loop over the same pages in the same run; then an incremental run over 10,000
 * changed records. Each companion run is a process of its own (sync-bench-worker.ts), so the peak
 * RSS reported is the companion's alone. SYNC_BENCH_ROWS changes the size.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { SalesforceClient } from '../src/salesforce/sf-client.js';
import { bulkQueryBatches } from '../src/salesforce/bulk-query.js';
import { TokenCipher } from '../src/security/token-cipher.js';
import { createLogger } from '../src/core/logger.js';
import { migrate } from '../src/store/migrate.js';
import { openPostgres } from '../src/store/pg-db.js';
import { SyncStore } from '../src/store/sync-store.js';

const ROWS = Number(process.env.SYNC_BENCH_ROWS ?? 1_000_000);
const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Rows per Bulk page, for the companion and the bare loop alike. */
const BULK_PAGE = 50_000;
const FIELDS = ['Name', 'Industry', 'Website', 'NumberOfEmployees', 'AnnualRevenue', 'Phone', 'LastModifiedById'];

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

interface WorkerResult {
  connectionId: string;
  rows: number;
  calls: number;
  seconds: number;
  idle: number;
  peak: number;
}

function worker(env: Record<string, string>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sync-bench-worker.ts')], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as WorkerResult)
        : reject(new Error(`worker exited ${code}`)),
    );
  });
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
  const common = {
    BENCH_ORG_URL: org.url,
    BENCH_CLIENT_ID: org.clientId,
    BENCH_SECRET: org.secret,
    BENCH_ADMIN: org.admin,
    BENCH_ACCESS: org.access,
    BENCH_REFRESH: org.refresh,
    BENCH_DB_URL: u.toString(),
    BENCH_KEY: TokenCipher.generateKey(),
    BENCH_FIELDS: FIELDS.join(','),
    BENCH_BULK_PAGE: String(BULK_PAGE),
  };
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

  const rest = await worker({ ...common, BENCH_NAME: 'rest', BENCH_BULK_THRESHOLD: String(Number.MAX_SAFE_INTEGER) });
  line('companion backfill, REST pages', rest.rows, rest.calls, rest.seconds, bareRest);

  // Bare Bulk loop, through the same reader the companion uses.
  const client = new SalesforceClient(
    {
      authMethod: 'oauth',
      loginUrl: org.url,
      instanceUrl: org.url,
      accessToken: org.access,
      refreshToken: org.refresh,
      clientId: org.clientId,
      clientSecret: org.secret,
    },
    { onSession: async () => undefined, onReconnectRequired: async () => undefined },
    '62.0',
    createLogger('silent'),
  );
  t0 = performance.now();
  c0 = await usage();
  let bareBulkRows = 0;
  for await (const batch of bulkQueryBatches(client, soql, { pollMs: 200, maxRecords: BULK_PAGE }))
    bareBulkRows += batch.rows.length;
  const bareBulk = bareBulkRows / ((performance.now() - t0) / 1000);
  line('bare Bulk 2.0 fetch-and-discard', bareBulkRows, (await usage()) - c0, (performance.now() - t0) / 1000);

  const bulk = await worker({ ...common, BENCH_NAME: 'bulk', BENCH_BULK_THRESHOLD: '50000' });
  line('companion backfill, Bulk 2.0 job', bulk.rows, bulk.calls, bulk.seconds, bareBulk);

  // 10,000 changed records, then an incremental run of the REST connection.
  const ids = (await new SyncStore(db).changes(rest.connectionId, 'Account', 0, 10_000)).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 200)
    await jsf.requestPatch('/services/data/v62.0/composite/sobjects', {
      allOrNone: false,
      records: ids.slice(i, i + 200).map((id, j) => ({ attributes: { type: 'Account' }, id, Phone: `inc-${i + j}` })),
    });
  const inc = await worker({
    ...common,
    BENCH_CONNECTION: rest.connectionId,
    BENCH_BULK_THRESHOLD: String(Number.MAX_SAFE_INTEGER),
  });
  line('incremental run after 10,000 changes', inc.rows, inc.calls, inc.seconds);

  process.stdout.write(
    `\nSync backfill of ${ROWS.toLocaleString('en-US')} Accounts (local org in its own process, PostgreSQL store)\n`,
  );
  process.stdout.write(
    `${'scenario'.padEnd(46)}${'rows'.padStart(10)}${'calls'.padStart(8)}${'rows/s'.padStart(11)}${'vs bare'.padStart(9)}\n${rows.join('\n')}\n`,
  );
  process.stdout.write(
    `peak RSS of the companion process: REST backfill ${mb(rest.peak)}, Bulk backfill ${mb(bulk.peak)}, incremental ${mb(inc.peak)} (${mb(rest.idle)} before the first backfill)\n`,
  );
  await db.close();
  org.stop();
}

void main();
