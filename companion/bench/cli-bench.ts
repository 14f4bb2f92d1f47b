/**
 * `npm run bench` (CLI part): how long the operator CLI takes, as people run it — the compiled
 * binary (companion/bin/rox.js) and `npm run rox -- …` — for help, and for a key and a status
 * command beside a running companion on the embedded store; also a command with no companion
 * running (the CLI then opens the store itself). Median of 5 runs each, after one warm-up.
 * Goals: help under 1 s, a key or status command under 1.5 s. Exits 1 when a goal is missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCipher } from '../src/security/token-cipher.js';

const ROOT = join(__dirname, '../..');
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'rox-cli-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATA_DIR: join(dir, 'data'),
  ROX_ENCRYPTION_KEY: TokenCipher.generateKey(),
  SF_CLIENT_ID: 'bench-client',
  SF_CLIENT_SECRET: 'bench-secret',
  LOG_LEVEL: 'error',
  LOCAL_DEMO: 'false',
  NODE_NO_WARNINGS: '1',
};

function time(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(cmd: string, args: string[]): number {
  time(cmd, args);
  const runs = Array.from({ length: RUNS }, () => time(cmd, args)).sort((a, b) => a - b);
  return runs[Math.floor(RUNS / 2)];
}

async function main(): Promise<void> {
  const rows: Array<{ command: string; how: string; ms: number; goalMs?: number }> = [];
  const bin = (args: string[]) => median(process.execPath, ['companion/bin/rox.js', ...args]);
  const npm = (args: string[]) => median('npm', ['run', '-s', 'rox', '--', ...args]);

  rows.push({ command: 'rox keys list (no companion running)', how: 'binary', ms: bin(['keys', 'list']) });

  const service = spawn(process.execPath, ['companion/bin/companion.js'], {
    cwd: ROOT,
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    service.stdout.on('data', (d) => {
      out += String(d);
      if (/listening on http/.test(out)) resolve();
    });
    service.on('exit', (code) => reject(new Error(`the companion exited ${code}`)));
  });
  try {
    rows.push({ command: 'rox help', how: 'binary', ms: bin(['help']), goalMs: 1000 });
    rows.push({ command: 'rox help', how: 'npm run rox', ms: npm(['help']), goalMs: 1000 });
    rows.push({ command: 'rox keys list', how: 'binary', ms: bin(['keys', 'list']), goalMs: 1500 });
    rows.push({ command: 'rox status', how: 'binary', ms: bin(['status']), goalMs: 1500 });
    rows.push({ command: 'rox status', how: 'npm run rox', ms: npm(['status']), goalMs: 1500 });
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\nCLI (median of 5 runs, beside a running companion unless noted)');
  for (const r of rows)
    console.log(
      `  ${r.command.padEnd(40)} ${r.how.padEnd(12)} ${Math.round(r.ms).toString().padStart(5)} ms${r.goalMs ? `   goal < ${r.goalMs} ms ${r.ms < r.goalMs ? 'met' : 'MISSED'}` : ''}`,
    );
  if (rows.some((r) => r.goalMs && r.ms >= r.goalMs)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
