/**
 * The two store engines every store-backed test runs on: embedded PGlite (in memory) and a real
 * PostgreSQL server (DATABASE_URL_TEST, default postgres://postgres@127.0.0.1:5432/test, the
 * machine's and CI's server). Each PostgreSQL test file gets its own schema, dropped afterwards.
 * An unreachable PostgreSQL fails those tests with the reason (scripts/test-all.mjs starts it
 * when it is installed but not running).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openPgliteFrom, pgliteDump, SMALL_SHARED_BUFFERS } from '../../src/store/pglite-db.js';
import { openPostgres } from '../../src/store/pg-db.js';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];
export const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  db: Db;
  /** PostgreSQL only: a URL that opens another pool on the same schema (a second instance). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A PGlite template (its data directory, migrated or not), made once per machine for the current
 * migrations and PGlite version and kept in the temp directory: each test store starts from it
 * instead of running initdb and every migration again. Written under a temporary name and renamed,
 * so two runs at once never read half a file.
 */
async function pgliteTemplateFile(migrated: boolean): Promise<string> {
  const pkg = join(__dirname, '../../../node_modules/@electric-sql/pglite/package.json');
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
  const hash = createHash('sha256')
    .update(JSON.stringify({ version, migrations: migrated ? MIGRATIONS : [] }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'rox-test-pglite');
  const file = join(dir, `${migrated ? 'migrated' : 'empty'}-${hash}.tar`);
  if (!existsSync(file)) {
    const dump = await pgliteDump(async (db) => {
      if (migrated) await migrate(db);
    });
    mkdirSync(dir, { recursive: true });
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(part, dump);
    renameSync(part, file);
  }
  return file;
}

/** The template's bytes, read once per test file (a file may open several stores). */
const templates = new Map<boolean, Uint8Array>();
export async function pgliteTemplate(migrated: boolean): Promise<Uint8Array> {
  if (!templates.has(migrated)) templates.set(migrated, readFileSync(await pgliteTemplateFile(migrated)));
  return templates.get(migrated)!;
}

/**
 * A DATA_DIR whose embedded store is the migrated template, for tests that start the companion or
 * the CLI as a process: it opens in under a second instead of running initdb and every migration
 * (3–6 s). Opening a fresh directory is covered by the store start-up tests.
 */
export async function seededDataDir(dataDir: string): Promise<string> {
  const file = await pgliteTemplateFile(true);
  mkdirSync(join(dataDir, 'pgdata'), { recursive: true });
  const r = spawnSync('tar', ['-xf', file, '-C', join(dataDir, 'pgdata')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not unpack the PGlite template into ${dataDir}: ${r.stderr}`);
  return dataDir;
}

export async function openTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (engine === 'pglite') {
    // Test-sized data: a small buffer pool starts the store in half the time.
    const db = await openPgliteFrom(await pgliteTemplate(options.migrate !== false), {
      sharedBuffers: SMALL_SHARED_BUFFERS,
    });
    return { db, drop: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_URL} (${(e as Error).message}); start it or set DATABASE_URL_TEST`,
    );
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(url.toString(), { max: 4 });
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
