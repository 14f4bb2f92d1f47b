/**
 * One companion sync run for the sync benchmark, in a process of its own so its peak RSS is the
 * companion's alone: it connects the local org (or reuses a connection), runs the connection's
 * sync and prints one JSON line with rows, API calls, seconds and memory.
 * Input (environment): BENCH_* from sync-bench.ts.
 */
import { ConnectionService } from '../src/connections/connection-service.js';
import { createLogger } from '../src/core/logger.js';
import { defaultCrmMappings } from '../src/mappings/index.js';
import { TokenCipher } from '../src/security/token-cipher.js';
import { ConnectionStore } from '../src/store/connection-store.js';
import { FieldStateStore } from '../src/store/field-state-store.js';
import { MappingStore } from '../src/store/mapping-store.js';
import { OAuthFlowStore } from '../src/store/oauth-flow-store.js';
import { openPostgres } from '../src/store/pg-db.js';
import { SyncStore } from '../src/store/sync-store.js';
import { SyncService } from '../src/sync/sync-service.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through sync-bench.ts)`);
  return v;
};

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);

async function main(): Promise<void> {
  const org = { url: env('BENCH_ORG_URL'), clientId: env('BENCH_CLIENT_ID'), admin: env('BENCH_ADMIN') };
  const fields = env('BENCH_FIELDS').split(',');
  const db = await openPostgres(env('BENCH_DB_URL'), { max: 4 });
  const cipher = new TokenCipher(env('BENCH_KEY'));
  const log = createLogger('silent');
  const connectionStore = new ConnectionStore(db, cipher);
  const connections = new ConnectionService(
    connectionStore,
    new OAuthFlowStore(db, cipher),
    {
      apiVersion: '62.0',
      clientId: org.clientId,
      clientSecret: env('BENCH_SECRET'),
      defaultLoginUrl: org.url,
      publicUrl: () => 'http://127.0.0.1',
    },
    log,
  );
  const mappings = new MappingStore(db);
  let id = process.env.BENCH_CONNECTION;
  if (!id) {
    const m = defaultCrmMappings();
    for (const tab of ['opportunities', 'contacts', 'leads'] as const) m[tab].sync = false;
    m.activities.sync = false;
    m.accounts.fieldMappings = m.accounts.fieldMappings.filter((f) => fields.includes(f.salesforceField));
    const c = await connectionStore.create({
      name: env('BENCH_NAME'),
      authMethod: 'oauth',
      loginUrl: org.url,
      clientId: org.clientId,
    });
    await connectionStore.saveSession(c.id, {
      accessToken: env('BENCH_ACCESS'),
      refreshToken: env('BENCH_REFRESH'),
      instanceUrl: org.url,
    });
    await connections.verify(c.id);
    await mappings.save(c.id, m, [], true);
    id = c.id;
  }
  const sync = new SyncService(
    connections,
    connectionStore,
    mappings,
    new SyncStore(db),
    new FieldStateStore(db),
    log,
    { bulkThreshold: Number(env('BENCH_BULK_THRESHOLD')), bulkPageSize: Number(env('BENCH_BULK_PAGE')) },
  );
  const usage = async () =>
    (
      (await (await fetch(`${org.url}/__local/usage`, { headers: { 'X-Local-Admin-Token': org.admin } })).json()) as {
        total: number;
      }
    ).total;
  const idle = process.memoryUsage().rss;
  peak = idle;
  const c0 = await usage();
  const t0 = performance.now();
  const [run] = await sync.runConnection(id);
  const seconds = (performance.now() - t0) / 1000;
  const calls = (await usage()) - c0;
  clearInterval(sampler);
  if (run.error) throw new Error(run.error);
  process.stdout.write(`${JSON.stringify({ connectionId: id, rows: run.rows, calls, seconds, idle, peak })}\n`);
  await db.close();
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
