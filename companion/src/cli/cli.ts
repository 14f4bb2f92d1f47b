/**
 * `npm run rox -- <command>`: the operator's CLI. It works on the same store as the server (same
 * DATA_DIR / DATABASE_URL and ROX_ENCRYPTION_KEY), so it can run beside a running server.
 *
 *   start                                   start the service (same as npm start)
 *   connections list
 *   connections add --name N --method oauth [--login-url URL]        prints the login URL to open
 *   connections add --name N --method jwt --username U --key-file F [--login-url URL] [--client-id ID]
 *   connections add --name N --method sf_cli --org ALIAS_OR_USERNAME
 *   connections remove <name|id>            revoke and delete everything stored for it
 *   keys create --connection <name|id> --name N [--require-signature]   (or --admin)
 *   keys list [--connection <name|id>]
 *   keys revoke <keyId>
 *   status [<name|id>]
 *   doctor <name|id> [--user 005…] [--json]
 *   sync <name|id>                          sync now, with a progress bar (rows, rate, time left)
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/load-config.js';
import { AppError } from '../core/app-error.js';
import { createLogger } from '../core/logger.js';
import { doctorForConnection } from '../doctor/doctor-service.js';
import { formatDoctorReport, formatDoctorReportJson, overallStatus } from '../doctor/index.js';
import { demoEncryptionKey } from '../local-demo.js';
import { main as startServer } from '../main.js';
import { buildService, type Service } from '../service.js';
import { flag, parseArgs, type ParsedArgs } from './args.js';

const USAGE = readFileSync(__filename, 'utf8')
  .split('*/')[0]
  .split('\n')
  .slice(3)
  .map((l) => l.replace(/^ \* ?/, ''))
  .join('\n');

async function service(): Promise<Service> {
  const config = loadConfig();
  const key = config.ROX_ENCRYPTION_KEY ?? (config.DATABASE_URL ? undefined : demoEncryptionKey(config.DATA_DIR));
  if (!key) throw new AppError('CONFIG_INVALID', 'ROX_ENCRYPTION_KEY is required');
  return buildService(config, createLogger(process.env.LOG_LEVEL ?? 'warn'), { encryptionKey: key });
}

async function resolveConnection(svc: Service, ref: string | undefined): Promise<string> {
  if (!ref) throw new AppError('BAD_REQUEST', 'Name the connection (name or id); `connections list` shows them');
  const c = (await svc.connectionStore.get(ref).catch(() => undefined)) ?? (await svc.connectionStore.byName(ref));
  if (!c) throw new AppError('NOT_FOUND', `No connection named or with id "${ref}"`);
  return c.id;
}

function table(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(width[i]))
      .join('  ')
      .trimEnd();
  return [line(cols), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))].join('\n');
}

async function run(args: ParsedArgs, svc: Service, print: (s: string) => void): Promise<number> {
  const [cmd, sub, ref] = args.positionals;
  if (cmd === 'connections' && sub === 'list') {
    const rows = await Promise.all((await svc.connections.list()).map((c) => svc.connections.status(c.id)));
    print(
      table(
        rows.map((s) => ({
          name: s.name,
          id: s.id,
          state: s.state,
          user: s.connectedAs.username ?? '',
          org: s.orgId ?? '',
          cause: s.cause ?? '',
        })),
      ),
    );
    return 0;
  }
  if (cmd === 'connections' && sub === 'add') {
    const name = flag(args, 'name');
    const method = flag(args, 'method') ?? 'oauth';
    if (!name) throw new AppError('BAD_REQUEST', '--name is required');
    if (method === 'oauth') {
      svc.config.PUBLIC_URL ??= `http://${svc.config.HOST === '0.0.0.0' ? '127.0.0.1' : svc.config.HOST}:${svc.config.PORT}`;
      const { connection, authorizeUrl } = await svc.connections.startOAuth({
        name,
        loginUrl: flag(args, 'login-url'),
      });
      print(
        `Connection ${connection.name} (${connection.id}) created. Open this URL in a browser, log in as the integration user and approve:\n\n  ${authorizeUrl}\n\nThe running service receives the callback; \`status ${name}\` then shows Ready.`,
      );
      return 0;
    }
    if (method === 'jwt') {
      const keyFile = flag(args, 'key-file');
      const username = flag(args, 'username');
      if (!keyFile || !username)
        throw new AppError('BAD_REQUEST', '--username and --key-file are required for --method jwt');
      const c = await svc.connections.connectJwt({
        name,
        username,
        privateKey: readFileSync(keyFile, 'utf8'),
        loginUrl: flag(args, 'login-url'),
        clientId: flag(args, 'client-id'),
      });
      print(`Connected ${c.name} (${c.id}) as ${c.username} to org ${c.orgId}.`);
      return 0;
    }
    if (method === 'sf_cli') {
      const org = flag(args, 'org');
      if (!org) throw new AppError('BAD_REQUEST', '--org <alias or username> is required for --method sf_cli');
      const c = await svc.connections.connectSfCli({ name, usernameOrAlias: org });
      print(`Connected ${c.name} (${c.id}) as ${c.username} to org ${c.orgId}.`);
      return 0;
    }
    throw new AppError('BAD_REQUEST', `--method must be oauth, jwt or sf_cli (got ${method})`);
  }
  if (cmd === 'connections' && sub === 'remove') {
    const id = await resolveConnection(svc, ref);
    const r = await svc.connections.disconnect(id);
    print(
      `Disconnected. Token revoked at Salesforce: ${r.revoked ? 'yes' : 'no'}. Deleted rows:\n${table(Object.entries(r.deleted).map(([t, n]) => ({ table: t, rows: n })))}`,
    );
    return 0;
  }
  if (cmd === 'keys' && sub === 'create') {
    const name = flag(args, 'name');
    if (!name) throw new AppError('BAD_REQUEST', '--name is required');
    const connectionId = args.flags.admin === true ? null : await resolveConnection(svc, flag(args, 'connection'));
    const { key, record } = await svc.keys.create({
      connectionId,
      name,
      requireSignature: args.flags['require-signature'] === true,
    });
    print(
      `API key ${record.id} (${record.scope}${connectionId ? ` for ${connectionId}` : ''}). Store it now; it is not shown again:\n\n  ${key}`,
    );
    return 0;
  }
  if (cmd === 'keys' && sub === 'list') {
    const c = flag(args, 'connection');
    const keys = await svc.keys.list(c ? await resolveConnection(svc, c) : undefined);
    print(
      table(
        keys.map((k) => ({
          id: k.id,
          name: k.name,
          scope: k.scope,
          connection: k.connectionId ?? '',
          signed: k.requireSignature,
          lastUsed: k.lastUsedAt ?? '',
          revoked: k.revokedAt ?? '',
        })),
      ),
    );
    return 0;
  }
  if (cmd === 'keys' && sub === 'revoke') {
    if (!(await svc.keys.revoke(args.positionals[2] ?? '')))
      throw new AppError('NOT_FOUND', `No active key ${args.positionals[2] ?? ''}`);
    print('Revoked.');
    return 0;
  }
  if (cmd === 'status') {
    const ids = sub ? [await resolveConnection(svc, sub)] : (await svc.connections.list()).map((c) => c.id);
    for (const id of ids) print(JSON.stringify(await svc.connections.status(id), null, 2));
    return 0;
  }
  if (cmd === 'sync') {
    const id = await resolveConnection(svc, sub);
    const client = await svc.connections.client(id);
    const totals = new Map<string, number>();
    const state = new Map<string, { rows: number; started: number }>();
    const bar = (sobject: string, rows: number) => {
      const s = state.get(sobject) ?? { rows: 0, started: Date.now() };
      s.rows = rows;
      state.set(sobject, s);
      const rate = rows / Math.max(0.001, (Date.now() - s.started) / 1000);
      const total = totals.get(sobject);
      const width = 24;
      const done = total ? Math.min(1, rows / total) : 0;
      const left = total && rate > 0 ? Math.max(0, (total - rows) / rate) : undefined;
      process.stderr.write(
        `\r${sobject.padEnd(14)} [${'#'.repeat(Math.round(done * width)).padEnd(width)}] ${rows.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s${left !== undefined ? `  ${left.toFixed(0)} s left` : ''}   `,
      );
    };
    const status = await svc.sync.status(id);
    for (const o of status.objects) {
      const since = o.lastSuccessAt
        ? ` WHERE SystemModstamp >= ${new Date(Date.parse(o.lastSuccessAt) - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
        : '';
      totals.set(o.object, await client.count(`SELECT COUNT() FROM ${o.object}${since}`));
    }
    const results = await svc.sync.runConnection(id, bar);
    process.stderr.write('\n');
    print(
      table(
        results.map((r) => ({
          object: r.sobject,
          rows: r.rows,
          apiCalls: r.calls,
          deletesFound: r.tombstoned ?? 0,
          problem:
            r.error ??
            r.warning ??
            (r.throttledMs ? `slowed ${Math.round(r.throttledMs / 1000)} s near the API budget` : ''),
        })),
      ),
    );
    return results.some((r) => r.error) ? 2 : 0;
  }
  if (cmd === 'doctor') {
    const id = await resolveConnection(svc, sub);
    const report = await doctorForConnection(svc.connections, id, { userId: flag(args, 'user') });
    print(args.flags.json === true ? formatDoctorReportJson(report) : formatDoctorReport(report));
    return overallStatus(report) === 'fail' ? 2 : 0;
  }
  print(USAGE);
  return cmd === undefined || cmd === 'help' ? 0 : 64;
}

export async function cli(
  argv: string[],
  print: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): Promise<number> {
  const args = parseArgs(argv);
  if (args.positionals[0] === 'start') {
    await startServer();
    return -1;
  }
  if (!args.positionals[0] || args.positionals[0] === 'help') {
    print(USAGE);
    return 0;
  }
  const svc = await service();
  try {
    return await run(args, svc, print);
  } finally {
    await svc.close();
  }
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e: unknown) => {
      const err = AppError.wrap(e);
      process.stderr.write(`${err.code === 'INTERNAL' ? (e as Error).message : err.message}\n`);
      process.exit(1);
    },
  );
}
