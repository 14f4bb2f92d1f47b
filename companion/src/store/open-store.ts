/**
 * Opens the configured engine and applies migrations: PostgreSQL when a URL is given, else PGlite
 * in DATA_DIR, owned by this process alone (data-dir-lock.ts) until it is closed.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '../core/app-error.js';
import { DataDirLock, type LockInfo } from './data-dir-lock.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { baselineWasmOnly, openPglite, SMALL_SHARED_BUFFERS } from './pglite-db.js';
import { openPostgres } from './pg-db.js';

export interface OpenedStore extends Db {
  /** The embedded store's lock (absent for PostgreSQL and in-memory stores). */
  readonly lock?: DataDirLock;
}

export async function openStore(
  options: { databaseUrl?: string; dataDir?: string; inMemory?: boolean; role?: LockInfo['role'] },
  log?: Logger,
): Promise<OpenedStore> {
  if (options.databaseUrl) {
    const db = await reachable(options.databaseUrl, () => openPostgres(options.databaseUrl!));
    await reachable(options.databaseUrl, () => migrate(db, log));
    return db;
  }
  if (options.inMemory) {
    const db = await openPglite(undefined);
    await migrate(db, log);
    return db;
  }
  const dataDir = options.dataDir ?? '.rox';
  const lock = DataDirLock.acquire(dataDir, options.role ?? 'service');
  try {
    // A CLI command opens the store for one command: a small buffer pool and unoptimized WebAssembly start it in half
    // the time and CPU.
    if (options.role === 'cli') baselineWasmOnly();
    const sharedBuffers = options.role === 'cli' ? SMALL_SHARED_BUFFERS : undefined;
    const db = await openPglite(join(dataDir, 'pgdata'), { sharedBuffers });
    await migrate(db, log);
    const closeDb = db.close.bind(db);
    return Object.assign(db, {
      lock,
      close: async () => {
        try {
          await closeDb();
        } finally {
          lock.release();
        }
      },
    });
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** A database that cannot be reached is named as such, with the host and the driver's reason. */
async function reachable<T>(url: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? '';
    const network = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)$/.test(code);
    const pgAuth = /^(28P01|28000|3D000)$/.test(code);
    if (!network && !pgAuth && !/Invalid URL|invalid connection/i.test(err.message)) throw e;
    let where = 'the configured server';
    try {
      const u = new URL(url);
      where = `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      throw new AppError('STORE_UNAVAILABLE', 'DATABASE_URL is not a valid postgres:// URL', { cause: e });
    }
    const why =
      code === '3D000'
        ? 'the database does not exist'
        : code === '28P01' || code === '28000'
          ? 'the server refused the user or password'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? 'the host name does not resolve'
            : code === 'ECONNREFUSED'
              ? 'nothing accepts connections there'
              : err.message;
    throw new AppError('STORE_UNAVAILABLE', `Cannot reach the database of DATABASE_URL (${where}): ${why} (${code || err.message})`, {
      cause: e,
    });
  }
}
