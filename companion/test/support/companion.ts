/**
 * Starts the companion on port 0 against a local org and a store engine, with a log sink the
 * test can search (to prove no token is ever logged) and an admin API key.
 */
import { Writable } from 'node:stream';
import { type CreateLocalOrgOptions, createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import { configSchema } from '../../src/config/config-schema.js';
import { pathMatches } from '../../src/http/route-spec.js';
import { createLogger } from '../../src/core/logger.js';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { buildService, type Service } from '../../src/service.js';
import { type Engine, openTestDb, type TestDb } from './engines.js';
import { testJwtKeys } from './jwt-keys.js';

export interface TestCompanion {
  lo: RunningLocalOrg;
  svc: Service;
  testDb: TestDb;
  adminKey: string;
  encryptionKey: string;
  logs: string[];
  url: string;
  api(
    method: string,
    path: string,
    opts?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export async function startCompanion(
  engine: Engine,
  env: Record<string, string> = {},
  orgOptions: CreateLocalOrgOptions = {},
): Promise<TestCompanion> {
  const lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, jwtKeys: testJwtKeys(), ...orgOptions });
  const testDb = await openTestDb(engine);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = lo.org.apps[0];
  const config = configSchema.parse({
    PORT: '0',
    HOST: '127.0.0.1',
    SF_CLIENT_ID: app.clientId,
    SF_CLIENT_SECRET: app.clientSecret,
    SF_LOGIN_URL: lo.loginUrl,
    LOG_LEVEL: 'debug',
    ...env,
  });
  const encryptionKey = TokenCipher.generateKey();
  const svc = await buildService(config, createLogger('debug', sink), { db: testDb.db, encryptionKey });
  const url = await svc.listen();
  app.callbackUrls = [...(app.callbackUrls ?? []), `${url}/oauth/callback`];
  const { key: adminKey } = await svc.keys.create({ connectionId: null, name: 'test admin' });
  // With no key named, a call uses the key a real caller would: this connection's key for its
  // record data and ledger, the admin key for everything else.
  const connectionKeys = new Map<string, string>();
  const defaultKey = async (method: string, path: string): Promise<string> => {
    const bare = path.split('?')[0];
    const route = svc.routes.find((r) => r.method === method.toLowerCase() && pathMatches(r.path, bare));
    const id = /^\/v1\/connections\/([0-9a-f-]{36})\//.exec(bare)?.[1];
    if (!route || !id || (route.auth !== 'data' && !route.adminView)) return adminKey;
    if (!connectionKeys.has(id)) {
      const created = await svc.keys.create({ connectionId: id, name: 'test connection key' }).catch(() => undefined);
      if (!created) return adminKey;
      connectionKeys.set(id, created.key);
    }
    return connectionKeys.get(id)!;
  };
  const api: TestCompanion['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? await defaultKey(method, path) : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  return {
    lo,
    svc,
    testDb,
    adminKey,
    encryptionKey,
    logs,
    url,
    api,
    async close() {
      await svc.close();
      await testDb.drop();
      await lo.close();
    },
  };
}

/** Completes the OAuth web-server flow the way a browser would: authorize → redirect → callback. */
export async function completeOAuthInBrowser(
  t: TestCompanion,
  authorizeUrl: string,
  loginHint?: string,
): Promise<{ status: number; text: string }> {
  const u = new URL(authorizeUrl);
  if (loginHint) u.searchParams.set('login_hint', loginHint);
  const first = await fetch(u, { redirect: 'manual' });
  const location = first.headers.get('location');
  if (!location) throw new Error(`authorize did not redirect: ${first.status} ${await first.text()}`);
  const cb = await fetch(location, { redirect: 'manual' });
  return { status: cb.status, text: await cb.text() };
}
