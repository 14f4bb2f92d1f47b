/** Shared helpers for the local org's contract tests: start on port 0, connect jsforce, raw fetch. */
import { Connection } from 'jsforce';
import { type CreateLocalOrgOptions, type RunningLocalOrg, createLocalOrg } from '../src/index.js';

export const VERSION = '62.0';

export async function startOrg(options: CreateLocalOrgOptions = {}): Promise<RunningLocalOrg> {
  return createLocalOrg({ logLevel: 'silent', ...options });
}

export function connect(
  lo: RunningLocalOrg,
  user: 'integration' | 'admin' | 'integrationApiOnly' | 'salesRep' = 'integration',
  version = VERSION,
): Connection {
  const s = lo.org.issueSession(lo.org.users[user].username);
  return new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version });
}

/** A connection that refreshes through the org's token endpoint (jsforce's built-in oauth2 refresh). */
export function connectWithRefresh(
  lo: RunningLocalOrg,
  user: 'integration' | 'admin' = 'integration',
): { conn: Connection; refreshToken: string } {
  const s = lo.org.issueSession(lo.org.users[user].username);
  const app = lo.org.apps[0];
  const conn = new Connection({
    instanceUrl: lo.instanceUrl,
    accessToken: s.accessToken,
    refreshToken: s.refreshToken,
    version: VERSION,
    oauth2: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      loginUrl: lo.loginUrl,
      tokenServiceUrl: lo.tokenUrl,
    },
  });
  return { conn, refreshToken: s.refreshToken };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Plain HTTP for what jsforce hides (status codes, headers, exact bodies). */
export async function raw(
  lo: RunningLocalOrg,
  method: string,
  path: string,
  opts: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${lo.url}${path}`, { method, headers, body: opts.body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function tokenFor(
  lo: RunningLocalOrg,
  user: 'integration' | 'admin' | 'integrationApiOnly' | 'salesRep' = 'integration',
): string {
  return lo.org.issueSession(lo.org.users[user].username).accessToken;
}

/** Asserts that an error body never leaks a stack trace or internal detail. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\bat [A-Za-z_$][\w$.]* \(/);
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toMatch(/node_modules/);
}

export async function rejection(
  p: PromiseLike<unknown>,
): Promise<{ name?: string; errorCode?: string; message: string; data?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { name?: string; errorCode?: string; message: string; data?: unknown };
  }
  throw new Error('expected the call to fail, it succeeded');
}
