/**
 * The CLI's commands, each over the companion's HTTP API (target.ts decides which companion).
 * Output is a table or text for people, or JSON with --json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../core/app-error.js';
import type { ApiClient } from './api-client.js';
import { flag, type ParsedArgs } from './args.js';
import { runSync } from './sync-command.js';

export interface Io {
  print(s: string): void;
  /** Progress and notes that are not the command's result (stderr). */
  note(s: string): void;
  isTTY: boolean;
}

export function table(rows: Array<Record<string, unknown>>): string {
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

interface ConnectionStatus {
  id: string;
  name: string;
  state: string;
  cause: string | null;
  orgId: string | null;
  connectedAs: { username: string | null };
}

async function connectionsList(api: ApiClient): Promise<ConnectionStatus[]> {
  return (await api.call<{ connections: ConnectionStatus[] }>('GET', '/v1/connections')).connections;
}

/** A connection named by name or id. */
export async function resolveConnection(api: ApiClient, ref: string | undefined): Promise<string> {
  if (!ref) throw new AppError('BAD_REQUEST', 'Name the connection (name or id); `connections list` shows them');
  const found = (await connectionsList(api)).find((c) => c.id === ref || c.name === ref);
  if (!found) throw new AppError('NOT_FOUND', `No connection named or with id "${ref}"`);
  return found.id;
}

function readFile(path: string | undefined, what: string): string {
  if (!path) throw new AppError('BAD_REQUEST', `--file <path> is required: ${what}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('BAD_REQUEST', `Cannot read ${path}: ${(e as Error).message}`);
  }
}

function jsonFile(path: string | undefined, what: string): unknown {
  const text = readFile(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('MALFORMED_JSON', `${path} is not valid JSON: ${(e as Error).message}`);
  }
}

export async function runCommand(args: ParsedArgs, api: ApiClient, io: Io): Promise<number> {
  const [cmd, sub, ref] = args.positionals;
  const json = args.flags.json === true;
  const out = (value: unknown, human: () => string) => io.print(json ? JSON.stringify(value, null, 2) : human());

  if (cmd === 'connections' && sub === 'list') {
    const rows = await connectionsList(api);
    out(rows, () =>
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
    const loginUrl = flag(args, 'login-url');
    let body: Record<string, unknown>;
    if (method === 'oauth') body = { authMethod: 'oauth', name, loginUrl };
    else if (method === 'jwt') {
      const username = flag(args, 'username');
      if (!username || !flag(args, 'key-file'))
        throw new AppError('BAD_REQUEST', '--username and --key-file are required for --method jwt');
      body = {
        authMethod: 'jwt',
        name,
        username,
        privateKey: readFile(flag(args, 'key-file'), 'the PEM private key of the JWT flow'),
        loginUrl,
        clientId: flag(args, 'client-id'),
      };
    } else if (method === 'sf_cli') {
      const org = flag(args, 'org');
      if (!org) throw new AppError('BAD_REQUEST', '--org <alias or username> is required for --method sf_cli');
      body = { authMethod: 'sf_cli', name, org };
    } else throw new AppError('BAD_REQUEST', `--method must be oauth, jwt or sf_cli (got ${method})`);
    const res = await api.call('POST', '/v1/connections', JSON.parse(JSON.stringify(body)));
    const c = res.connection as ConnectionStatus;
    out(res, () =>
      res.authorizeUrl
        ? `Connection ${c.name} (${c.id}) created. Open this URL in a browser, log in as the integration user and approve:\n\n  ${res.authorizeUrl}\n\nThe companion receives the callback; \`status ${c.name}\` then shows Ready.`
        : `Connected ${c.name} (${c.id}) as ${c.connectedAs.username} to org ${c.orgId}.`,
    );
    return 0;
  }
  if (cmd === 'connections' && sub === 'remove') {
    const id = await resolveConnection(api, ref);
    const r = await api.call('DELETE', `/v1/connections/${id}`);
    out(r, () => {
      const deleted = (r?.deleted ?? {}) as Record<string, number>;
      return `Disconnected. Token revoked at Salesforce: ${r?.revoked ? 'yes' : 'no'}. Deleted rows:\n${table(Object.entries(deleted).map(([t, n]) => ({ table: t, rows: n })))}`;
    });
    return 0;
  }
  if (cmd === 'keys' && sub === 'create') {
    const name = flag(args, 'name');
    if (!name) throw new AppError('BAD_REQUEST', '--name is required');
    const body = { name, requireSignature: args.flags['require-signature'] === true };
    const res =
      args.flags.admin === true
        ? await api.call('POST', '/v1/keys', body)
        : await api.call(
            'POST',
            `/v1/connections/${await resolveConnection(api, flag(args, 'connection'))}/keys`,
            body,
          );
    out(
      res,
      () =>
        `API key ${res.apiKey.id} (${res.apiKey.scope}${res.apiKey.connectionId ? ` for ${res.apiKey.connectionId}` : ''}). Store it now; it is not shown again:\n\n  ${res.key}`,
    );
    return 0;
  }
  if (cmd === 'keys' && sub === 'list') {
    const c = flag(args, 'connection');
    const res = c
      ? await api.call('GET', `/v1/connections/${await resolveConnection(api, c)}/keys`)
      : await api.call('GET', '/v1/keys');
    out(res.keys, () =>
      table(
        (res.keys as Array<Record<string, unknown>>).map((k) => ({
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
    if (!ref) throw new AppError('BAD_REQUEST', 'Name the key id to revoke (`keys list` shows them)');
    await api.call('DELETE', `/v1/keys/${encodeURIComponent(ref)}`);
    out({ revoked: ref }, () => 'Revoked.');
    return 0;
  }
  if (cmd === 'status') {
    const ids = sub ? [await resolveConnection(api, sub)] : (await connectionsList(api)).map((c) => c.id);
    const all = [];
    for (const id of ids) all.push(await api.call('GET', `/v1/connections/${id}`));
    io.print(JSON.stringify(sub ? all[0] : all, null, 2));
    return 0;
  }
  if (cmd === 'doctor') {
    const id = await resolveConnection(api, sub);
    const user = flag(args, 'user');
    const report = await api.call('GET', `/v1/connections/${id}/doctor${user ? `?userId=${encodeURIComponent(user)}` : ''}`);
    const { formatDoctorReport, formatDoctorReportJson, overallStatus } = await import('../doctor/doctor-report.js');
    io.print(json ? formatDoctorReportJson(report) : formatDoctorReport(report));
    return overallStatus(report) === 'fail' ? 2 : 0;
  }
  if (cmd === 'sync') {
    const id = await resolveConnection(api, sub);
    return runSync(api, id, io, json);
  }
  if (cmd === 'mappings' && (sub === 'get' || sub === 'set' || sub === 'validate')) {
    const id = await resolveConnection(api, ref);
    const path = `/v1/connections/${id}/mappings`;
    if (sub === 'get') {
      const view = await api.call('GET', path);
      const file = flag(args, 'file');
      if (file) {
        writeFileSync(file, `${JSON.stringify(view, null, 2)}\n`);
        io.note(`Wrote the mappings of ${ref} to ${file}; edit config and run \`mappings set ${ref} --file ${file}\`.`);
      } else io.print(JSON.stringify(view, null, 2));
      return view.problems?.length ? 2 : 0;
    }
    const body = jsonFile(flag(args, 'file'), 'the mappings as `mappings get` writes them');
    const view =
      sub === 'set' ? await api.call('PUT', path, body) : await api.call('POST', `${path}/validate`, body);
    out(view, () =>
      view.problems.length === 0
        ? `${sub === 'set' ? 'Saved' : 'Valid'}: ${view.access.length} mapped fields, none with a problem.`
        : `${view.problems.length} problem(s):\n${(view.problems as Array<{ message: string }>).map((p) => `  - ${p.message}`).join('\n')}`,
    );
    return view.problems.length ? 2 : 0;
  }
  if (cmd === 'erase') {
    const id = await resolveConnection(api, sub);
    const given = (['email', 'salesforce-id', 'rox-id'] as const).filter((f) => args.flags[f] !== undefined);
    if (given.length !== 1)
      throw new AppError('BAD_REQUEST', 'Name exactly one of --email, --salesforce-id or --rox-id');
    const key = { email: 'email', 'salesforce-id': 'salesforceId', 'rox-id': 'roxId' }[given[0]];
    const r = await api.call('POST', `/v1/connections/${id}/erasures`, { [key]: args.flags[given[0]] });
    out(r, () => eraseSummary(r));
    return r.complete ? 0 : 3;
  }
  throw new AppError('BAD_REQUEST', `Unknown command "${args.positionals.join(' ')}"; \`npm run rox -- help\` lists them`);
}

/** What a data-removal request removed, for people (the request's target is not repeated). */
export function eraseSummary(r: { complete: boolean; inFlight: number; counts: Record<string, number> }): string {
  const lines = table(Object.entries(r.counts).map(([what, n]) => ({ removed: what, count: n })));
  return r.complete
    ? `Removed:\n${lines}`
    : `Removed:\n${lines}\n${r.inFlight} writeback(s) about it are being sent right now and were left; run the same command again in a minute.`;
}
