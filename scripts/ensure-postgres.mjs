// The companion's store tests run on a real PostgreSQL server as well as on PGlite. The project
// expects one at DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test, trust auth), as
// on this machine and in CI. When none answers, and we are root on Debian, install and start one
// (a cluster with trust auth on 127.0.0.1:5432 and a `test` database); otherwise say so plainly.
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';

const url = new URL(process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test');

function reachable() {
  return new Promise((resolve) => {
    const s = createConnection({ host: url.hostname, port: Number(url.port || 5432) });
    s.setTimeout(2000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

const run = (cmd, args) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

export async function ensurePostgres() {
  if (await reachable()) return true;
  const local = ['127.0.0.1', 'localhost'].includes(url.hostname);
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!local || !canApt) {
    console.log(
      `PostgreSQL is not reachable at ${url.host}: the PostgreSQL half of the store tests will fail. Start a server or set DATABASE_URL_TEST.`,
    );
    return false;
  }
  console.log(`PostgreSQL is not reachable at ${url.host}: installing and starting a local server for the tests ...`);
  if (spawnSync('pg_lsclusters', ['-h'], { stdio: 'ignore' }).status !== 0) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'postgresql']);
  }
  const clusters = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  const version =
    clusters[0]?.split(/\s+/)[0] ??
    spawnSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  const port = url.port || '5432';
  if (!clusters.some((l) => l.split(/\s+/)[2] === port)) {
    run('pg_createcluster', [version, 'rox', '-p', port, '--', '--auth=trust', '--no-locale', '-E', 'UTF8']);
    run('pg_ctlcluster', [version, 'rox', 'start']);
  } else {
    const name = clusters.find((l) => l.split(/\s+/)[2] === port).split(/\s+/)[1];
    run('pg_ctlcluster', [version, name, 'start']);
  }
  const db = url.pathname.replace(/^\//, '') || 'test';
  run('su', ['postgres', '-c', `psql -p ${port} -qc "CREATE DATABASE ${db}"`]);
  const ok = await reachable();
  console.log(ok ? `PostgreSQL started on ${url.host}.` : 'PostgreSQL could not be started; see the output above.');
  return ok;
}
