/**
 * One process owns an embedded store. PGlite is one PostgreSQL in this process's memory, written
 * back to DATA_DIR: a second process on the same directory reads a copy that goes stale, and
 * whichever writes last overwrites the other (keys lost, OAuth flows "expired", the store even
 * corrupted). So the owner holds `DATA_DIR/companion.lock` (its pid, host, start time and, once
 * listening, its URL); a second owner is refused with what holds it, and the CLI finds the running
 * service there and talks to it over HTTP instead.
 *
 * A lock whose process is gone (killed, crashed) is stale and taken over. The file is created with
 * O_EXCL, so of two processes starting at once exactly one gets it.
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../core/app-error.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  /** What holds it: `service` (npm start) or `cli` (a CLI command working on the store itself). */
  role: 'service' | 'cli';
  /** The service's base URL, once it listens. */
  url?: string;
}

const FILE = 'companion.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of DATA_DIR's store, if any (a stale lock counts as none). */
export function readLock(dataDir: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
  if (typeof info?.pid !== 'number') return undefined;
  if (info.host === hostname() && !alive(info.pid)) return undefined;
  return info;
}

function describe(info: LockInfo): string {
  const what = info.role === 'cli' ? 'a `rox` CLI command' : 'a running companion service';
  return `${what} (pid ${info.pid} on ${info.host}, since ${info.startedAt}${info.url ? `, serving ${info.url}` : ''})`;
}

export class DataDirLock {
  private constructor(
    private readonly path: string,
    private info: LockInfo,
  ) {}

  /** Takes the store in `dataDir` for this process, or throws STORE_IN_USE naming the holder. */
  static acquire(dataDir: string, role: LockInfo['role']): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, FILE);
    const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), role };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new DataDirLock(path, info);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readLock(dataDir);
      if (holder)
        throw new AppError(
          'STORE_IN_USE',
          `The embedded store in ${dataDir} is in use by ${describe(holder)}. One process owns an embedded store: ` +
            (holder.role === 'service'
              ? 'stop that service first, or run `npm run rox -- …` beside it (the CLI talks to it over HTTP).'
              : 'wait for that command to finish.') +
            ' Several instances need PostgreSQL (DATABASE_URL).',
        );
      // The holder is gone: move its stale lock aside (rename is atomic, so only one process does)
      // and retry. Had another process replaced it meanwhile, its fresh lock is put back.
      const aside = `${path}.stale-${process.pid}`;
      try {
        const stale = readFileSync(path, 'utf8');
        renameSync(path, aside);
        if (readFileSync(aside, 'utf8') !== stale) linkSync(aside, path);
      } catch {
        // Another process moved it first; the retry sees its lock.
      }
      rmSync(aside, { force: true });
    }
    throw new AppError('STORE_IN_USE', `Could not take the embedded store in ${dataDir}; try again`);
  }

  /** Records the URL the owner serves, so the CLI can find it. */
  setUrl(url: string): void {
    this.info = { ...this.info, url };
    if (this.ownsFile()) writeFileSync(this.path, JSON.stringify(this.info), { mode: 0o600 });
  }

  release(): void {
    if (!this.ownsFile()) return;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  private ownsFile(): boolean {
    try {
      const cur = JSON.parse(readFileSync(this.path, 'utf8')) as LockInfo;
      return cur.pid === this.info.pid && cur.startedAt === this.info.startedAt;
    } catch {
      return false;
    }
  }
}
