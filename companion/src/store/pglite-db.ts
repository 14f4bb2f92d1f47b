/** Embedded PostgreSQL (PGlite, WASM) in a data directory, or in memory for tests. */
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';

export interface PgliteOptions {
  /**
   * PostgreSQL's shared_buffers (default 128MB). PGlite sets up all of it at start: 128MB costs about 0.8 s of CPU,
   * 16MB about 0.3 s. A long-running service keeps the default; a store opened for one CLI command, or a test's
   * in-memory store, holds little and starts faster with less.
   */
  sharedBuffers?: string;
}

/** Small stores: a CLI command's, a test's. */
export const SMALL_SHARED_BUFFERS = '16MB';

/**
 * For a process that opens the store for one command: V8 compiles PGlite's WebAssembly with its baseline compiler
 * (Liftoff) only. By default V8 also optimizes (TurboFan) the functions PostgreSQL's start makes hot, about 1 CPU-s
 * that a command of a second or two never earns back: `rox connections list` on an embedded store took 2.2 CPU-s
 * (+0.75 system) without this and 1.15 (+0.4) with it. Baseline code runs queries slower (15-45% in a query-heavy
 * loop), which a long-running service would feel, so the service keeps V8's default. A process-wide V8 flag, read when
 * WebAssembly is compiled: call it before the first store opens.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}

export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return wrapPglite(await PGlite.create(dataDir, { startParams: startParams(options) }));
}

function startParams(options: PgliteOptions): string[] {
  const params = [...PGlite.defaultStartParams];
  if (options.sharedBuffers) params.push('-c', `shared_buffers=${options.sharedBuffers}`);
  return params;
}

/**
 * An in-memory PGlite started from a dump (a tar) of another one's data directory: a template. Creating
 * one runs initdb (about 3 s); starting from a dump skips it (about 1.3 s).
 */
export async function openPgliteFrom(dump: Uint8Array, options: PgliteOptions = {}): Promise<Db> {
  return wrapPglite(await PGlite.create({ loadDataDir: bytesBlob(dump), startParams: startParams(options) }));
}

/**
 * The dump as the Blob PGlite takes, without Node's Blob. PGlite reads a dump with one `arrayBuffer()` call (and its
 * `type`, to see whether it is gzipped); a Node Blob of the 40 MB template costs about 0.5 s to build and read back
 * (two copies through its chunked reader). PGlite's untar only reads the tar and copies each file out of it, so the
 * caller's bytes are handed over as they are and stay valid for the next store (a copy cost 0.15 s a store).
 */
function bytesBlob(bytes: Uint8Array): Blob {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const blob: Pick<Blob, 'size' | 'type' | 'arrayBuffer'> = {
    size: bytes.byteLength,
    type: 'application/x-tar',
    arrayBuffer: async () => (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer,
  };
  return blob as Blob;
}

/** The data directory (a tar) of a fresh in-memory PGlite, after `prepare` ran on it (a template). */
export async function pgliteDump(prepare: (db: Db) => Promise<void>): Promise<Uint8Array> {
  const pg = await PGlite.create();
  try {
    await prepare(wrapPglite(pg));
    return new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
  } finally {
    await pg.close();
  }
}

export function wrapPglite(pg: PGlite): Db {
  // PGlite is one connection: transactions are serialised so two callers never interleave.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    engine: 'pglite',
    query: <T>(sql: string, params: unknown[] = []) => serial(async () => (await pg.query<T>(sql, params)).rows),
    exec: (sql: string) => serial(async () => void (await pg.exec(sql))),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      serial(() =>
        pg.transaction(async (t) =>
          fn({
            query: async <R>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params)).rows,
            exec: async (sql: string) => void (await t.exec(sql)),
          }),
        ),
      ),
    close: () => serial(() => pg.close()),
  };
}

export type { PGlite };
