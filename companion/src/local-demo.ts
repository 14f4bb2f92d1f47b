/**
 * The newcomer's path: no org configured → start the bundled local Salesforce org with sample data,
 * connect to it with the JWT flow, and create API keys to try the API with. Everything lives in
 * DATA_DIR and survives a restart: the org's records, tokens and JWT key pair
 * (local-demo-org.json, saved every few seconds and at stop), its port, inspection token and the
 * demo's API keys (local-demo.json, mode 0600), and the connection with its synced data and
 * writeback ledger in the store. Every activity type is written back, with Lead Resolution on.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createLocalOrg, type RunningLocalOrg } from '../local-org/src/index.js';
import type { Config } from './config/config-schema.js';
import type { Logger } from './core/logger.js';
import { defaultCrmMappings } from './mappings/index.js';
import { MappingService } from './mappings/mapping-service.js';
import { TokenCipher } from './security/token-cipher.js';
import type { Service } from './service.js';

export const DEMO_CONNECTION = 'local-demo';
const STATE_FILE = 'local-demo.json';
const ORG_FILE = 'local-demo-org.json';

const demoStateSchema = z.object({
  port: z.number().int().positive(),
  inspectionToken: z.string().min(1),
  adminKey: z.string().optional(),
  connectionKey: z.string().optional(),
});
type DemoState = z.infer<typeof demoStateSchema>;

function secretFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The demo's encryption key, kept in DATA_DIR so its store stays readable across restarts. */
export function demoEncryptionKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'local-demo-encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = TokenCipher.generateKey();
  secretFile(file, `${key}\n`);
  return key;
}

function readState(dataDir: string): DemoState | undefined {
  try {
    return demoStateSchema.parse(JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')));
  } catch {
    return undefined;
  }
}

function writeState(dataDir: string, state: DemoState): void {
  secretFile(join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** The demo org on its port of last time (a new one only when that port is taken), with its saved data. */
export async function startDemoOrg(dataDir: string): Promise<RunningLocalOrg> {
  mkdirSync(dataDir, { recursive: true });
  const state = readState(dataDir);
  const options = {
    logLevel: 'warn' as const,
    persistFile: join(dataDir, ORG_FILE),
    adminToken: state?.inspectionToken,
  };
  let lo: RunningLocalOrg;
  try {
    lo = await createLocalOrg({ ...options, port: state?.port ?? 0 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    lo = await createLocalOrg({ ...options, port: 0 });
  }
  writeState(dataDir, { ...state, port: Number(new URL(lo.url).port), inspectionToken: lo.adminToken });
  // The JWT key pair the demo connection signs with is saved at once, so even a killed demo keeps it.
  lo.org.jwtKeys();
  lo.org.save();
  return lo;
}

/** Config pointing the OAuth and JWT flows at the local org's connected app. */
export function demoConfig(config: Config, lo: RunningLocalOrg): Config {
  const app = lo.org.apps[0];
  return { ...config, SF_CLIENT_ID: app.clientId, SF_CLIENT_SECRET: app.clientSecret, SF_LOGIN_URL: lo.loginUrl };
}

export interface DemoConnection {
  connectionId: string;
  adminKey: string;
  connectionKey: string;
  /** Whether the connection (and its data) was kept from the last start. */
  kept: boolean;
}

export async function connectDemo(
  svc: Service,
  lo: RunningLocalOrg,
  dataDir: string,
  log: Logger,
): Promise<DemoConnection> {
  lo.org.apps[0].callbackUrls = [...(lo.org.apps[0].callbackUrls ?? []), `${svc.url}/oauth/callback`];
  const state = readState(dataDir)!;
  const old = await svc.connectionStore.byName(DEMO_CONNECTION);
  let connectionId = old?.id;
  let kept = false;
  if (old && old.instanceUrl === lo.instanceUrl) {
    try {
      await svc.connections.verify(old.id);
      kept = true;
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'the demo connection no longer works: connecting again');
    }
  }
  if (!kept) {
    if (old) await svc.connectionStore.purge(old.id);
    const conn = await svc.connections.connectJwt({
      name: DEMO_CONNECTION,
      username: lo.org.users.integration.username,
      privateKey: lo.org.jwtKeys().privateKeyPem,
    });
    connectionId = conn.id;
    await new MappingService(svc.connections, svc.mappingStore).save(conn.id, demoMappings());
  }
  const adminKey = (await validKey(svc, state.adminKey, null)) ?? (await svc.keys.create({ connectionId: null, name: 'local-demo admin' })).key;
  const connectionKey =
    (await validKey(svc, state.connectionKey, connectionId!)) ??
    (await svc.keys.create({ connectionId: connectionId!, name: 'local-demo' })).key;
  writeState(dataDir, { ...state, adminKey, connectionKey });
  log.info({ connectionId, kept }, 'local demo connected');
  return { connectionId: connectionId!, adminKey, connectionKey, kept };
}

/** Every activity type written back, Lead Resolution on: the demo's first activity lands. */
export function demoMappings() {
  const m = defaultCrmMappings();
  for (const kind of Object.keys(m.activities.writeback) as Array<keyof typeof m.activities.writeback>)
    m.activities.writeback[kind] = true;
  m.activities.leadResolution = true;
  return m;
}

async function validKey(svc: Service, key: string | undefined, connectionId: string | null): Promise<string | undefined> {
  const record = key ? await svc.keys.live(key) : undefined;
  return record && record.connectionId === connectionId ? key : undefined;
}
