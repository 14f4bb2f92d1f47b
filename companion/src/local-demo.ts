/**
 * The newcomer's path: no org configured → start the bundled local Salesforce org with sample data,
 * connect to it with the JWT flow, and create API keys to try the API with. The demo org lives in
 * memory, so its data and the demo connection are recreated at every start.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalOrg, type RunningLocalOrg } from '../local-org/src/index.js';
import type { Config } from './config/config-schema.js';
import type { Logger } from './core/logger.js';
import { TokenCipher } from './security/token-cipher.js';
import type { Service } from './service.js';

export const DEMO_CONNECTION = 'local-demo';

/** The demo's encryption key, kept in DATA_DIR so its store stays readable across restarts. */
export function demoEncryptionKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'local-demo-encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = TokenCipher.generateKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export async function startDemoOrg(): Promise<RunningLocalOrg> {
  return createLocalOrg({ logLevel: 'warn' });
}

/** Config pointing the OAuth and JWT flows at the local org's connected app. */
export function demoConfig(config: Config, lo: RunningLocalOrg): Config {
  const app = lo.org.apps[0];
  return { ...config, SF_CLIENT_ID: app.clientId, SF_CLIENT_SECRET: app.clientSecret, SF_LOGIN_URL: lo.loginUrl };
}

export async function connectDemo(
  svc: Service,
  lo: RunningLocalOrg,
  log: Logger,
): Promise<{ connectionId: string; adminKey: string; connectionKey: string }> {
  lo.org.apps[0].callbackUrls = [...(lo.org.apps[0].callbackUrls ?? []), `${svc.url}/oauth/callback`];
  const old = await svc.connectionStore.byName(DEMO_CONNECTION);
  if (old) await svc.connectionStore.purge(old.id);
  const conn = await svc.connections.connectJwt({
    name: DEMO_CONNECTION,
    username: lo.org.users.integration.username,
    privateKey: lo.org.jwtKeys().privateKeyPem,
  });
  for (const k of await svc.keys.list(null))
    if (k.name === 'local-demo admin' && !k.revokedAt) await svc.keys.revoke(k.id);
  const admin = await svc.keys.create({ connectionId: null, name: 'local-demo admin' });
  const own = await svc.keys.create({ connectionId: conn.id, name: 'local-demo' });
  log.info({ connectionId: conn.id }, 'local demo connected');
  return { connectionId: conn.id, adminKey: admin.key, connectionKey: own.key };
}
