/**
 * The companion as its own process, the way `npm start` runs it: node on companion/bin/companion.js
 * directly (so a SIGKILL kills the companion itself, not npm), on a port the system picks, logging
 * errors only, with no local demo. Tests that kill and restart instances use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export function spawnCompanion(
  env: Record<string, string | undefined>,
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, ['companion/bin/companion.js'], {
    cwd: ROOT,
    stdio: ['ignore', stdout, 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_NO_WARNINGS: '1',
      PORT: '0',
      LOCAL_DEMO: 'false',
      LOG_LEVEL: 'error',
      ...env,
    },
  });
}
