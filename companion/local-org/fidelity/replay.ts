/**
 * Replays fidelity cases against a running local org over real HTTP: setup steps first (their
 * saved values feed {{name}} templates), then the documented request, whose status, headers and
 * body are compared with the documented response.
 */
import type { RunningLocalOrg } from '../src/index.js';
import type { FidelityCase, Step } from './case-schema.js';
import { atPointer, compareBodies, type Difference } from './compare.js';

export interface CaseResult {
  id: string;
  title: string;
  source: string;
  file: string;
  pass: boolean;
  differences: Difference[];
  extras: string[];
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

type Vars = Record<string, string>;

function substitute(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      if (!(name in vars)) throw new Error(`unknown template variable ${whole}`);
      return vars[name];
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

async function send(
  lo: RunningLocalOrg,
  step: Omit<Step, 'save'>,
  token: string | undefined,
  vars: Vars,
): Promise<Reply> {
  const path = substitute(step.path, vars) as string;
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(substitute(step.headers ?? {}, vars) as Record<string, string>).map(([k, v]) => [
      k.toLowerCase(),
      v,
    ]),
  );
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (step.body !== undefined) {
    const b = substitute(step.body, vars);
    if (typeof b === 'string') body = b;
    else {
      body = JSON.stringify(b);
      headers['content-type'] ??= 'application/json';
    }
  }
  const res = await fetch(`${lo.url}${path}`, { method: step.method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function baseVariables(lo: RunningLocalOrg): Vars {
  const org = lo.org;
  const app = org.apps[0];
  const integrationRefresh = org.tokens.issueRefreshToken(org.users.integration.id, app.clientId);
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret ?? '',
    adminUsername: org.users.admin.username,
    adminPassword: 'not-supported-by-the-local-org',
    integrationUsername: org.users.integration.username,
    integrationRefreshToken: integrationRefresh.token,
    instanceUrl: lo.instanceUrl,
    adminUserId: org.users.admin.id,
    integrationUserId: org.users.integration.id,
    orgId: org.orgId,
    now: org.clock.now().toISOString(),
    // A getUpdated/getDeleted window around now, URL-encoded as the documentation writes it.
    windowStart: encodeURIComponent(minuteIso(org.clock.now().getTime() - 10 * 60_000)),
    windowEnd: encodeURIComponent(minuteIso(org.clock.now().getTime() + 10 * 60_000)),
  };
}

/** 2013-05-06T00:00:00+00:00 */
function minuteIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}:00+00:00`;
}

let counter = 0;

export async function replayCase(lo: RunningLocalOrg, c: FidelityCase, base: Vars): Promise<CaseResult> {
  const vars: Vars = { ...base, unique: `fid${Date.now().toString(36)}${(counter++).toString(36)}` };
  const token = c.user === 'none' ? undefined : lo.org.issueSession(lo.org.users[c.user].username).accessToken;
  const result = (differences: Difference[], extras: string[] = []): CaseResult => ({
    id: c.id,
    title: c.title,
    source: c.source,
    file: c.file,
    pass: differences.length === 0,
    differences,
    extras,
  });
  try {
    for (const [i, step] of c.setup.entries()) {
      const reply = await send(lo, step, token, vars);
      if (reply.status >= 400)
        return result([
          { pointer: `setup[${i}]`, problem: `setup step failed: ${reply.status} ${reply.text.slice(0, 200)}` },
        ]);
      for (const [name, where] of Object.entries(step.save ?? {})) {
        const value = where.startsWith('header:') ? reply.headers.get(where.slice(7)) : atPointer(reply.json, where);
        if (value === undefined || value === null)
          return result([
            { pointer: `setup[${i}]`, problem: `nothing at ${where} to save as ${name}: ${reply.text.slice(0, 200)}` },
          ]);
        vars[name] = String(value);
      }
    }
    const reply = await send(lo, c.request, token, vars);
    const differences: Difference[] = [];
    if (reply.status !== c.response.status)
      differences.push({
        pointer: 'status',
        problem: `expected ${c.response.status}, got ${reply.status}: ${reply.text.slice(0, 200)}`,
      });
    for (const [name, want] of Object.entries(c.response.headers ?? {})) {
      const got = reply.headers.get(name);
      const ok = want.startsWith('re:') ? got !== null && new RegExp(want.slice(3)).test(got) : got === want;
      if (!ok) differences.push({ pointer: `header:${name}`, problem: `expected ${want}, got ${got ?? 'nothing'}` });
    }
    let extras: string[] = [];
    if (c.response.body !== undefined) {
      if (c.response.format === 'csv') {
        const firstLine = reply.text.split(/\r?\n/)[0];
        if (firstLine !== c.response.body)
          differences.push({ pointer: 'csv header', problem: `expected ${String(c.response.body)}, got ${firstLine}` });
      } else if (reply.json === undefined) {
        differences.push({
          pointer: '',
          problem: `expected a JSON body, got ${JSON.stringify(reply.text.slice(0, 120))}`,
        });
      } else {
        const cmp = compareBodies(c.response.body, reply.json, { exact: c.response.exact, ignore: c.response.ignore });
        differences.push(...cmp.differences);
        extras = cmp.extras;
      }
    }
    return result(differences, extras);
  } catch (e) {
    return result([{ pointer: '', problem: `could not replay: ${(e as Error).message}` }]);
  }
}
