/** Opens the configured engine and applies migrations: PostgreSQL when a URL is given, else PGlite. */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite-db.js';
import { openPostgres } from './pg-db.js';

export async function openStore(
  options: { databaseUrl?: string; dataDir?: string; inMemory?: boolean },
  log?: Logger,
): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.inMemory ? undefined : join(options.dataDir ?? '.rox', 'pgdata'));
  await migrate(db, log);
  return db;
}
