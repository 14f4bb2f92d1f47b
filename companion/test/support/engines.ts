/**
 * The two store engines every store-backed test runs on: embedded PGlite (in memory) and a real
 * PostgreSQL server (DATABASE_URL_TEST, default postgres://postgres@127.0.0.1:5432/test, the
 * machine's and CI's server). Each PostgreSQL test file gets its own schema, dropped afterwards.
 * An unreachable PostgreSQL fails those tests with the reason (scripts/test-all.mjs starts it
 * when it is installed but not running).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite-db.js';
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

export async function openTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (engine === 'pglite') {
    const db = await openPglite();
    if (options.migrate !== false) await migrate(db);
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
