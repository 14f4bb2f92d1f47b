/**
 * Where a CLI command runs. The CLI is a client of the companion's HTTP API:
 *   - ROX_URL set: that service, with ROX_ADMIN_KEY (or DATA_DIR/admin.key);
 *   - else, a service running on this DATA_DIR's embedded store (its lock names its URL): that
 *     service, with the admin key it keeps in DATA_DIR/admin.key (or ROX_ADMIN_KEY);
 *   - else the CLI opens the store itself (taking the embedded store's lock, or on the PostgreSQL
 *     of DATABASE_URL beside other instances), under the same configuration rules as the service,
 *     serves the API on a loopback port for the length of the command with a key made for it,
 *     and removes that key when done.
 * So every command takes one path, the API, whichever way it runs.
 */
import { loadConfig } from '../config/load-config.js';
import { AppError } from '../core/app-error.js';
import { readLock } from '../store/data-dir-lock.js';
import { type ApiClient, apiClient } from './api-client.js';
import { readLocalAdminKey } from './local-admin-key.js';

export interface Target {
  api: ApiClient;
  /** `service`: a running companion; `local`: this process opened the store. */
  mode: 'service' | 'local';
  close(): Promise<void>;
}

const COMMAND_KEY = 'rox CLI (this command)';

const loopback = (url: string) => url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://[::1]:');

export async function openTarget(env: Record<string, string | undefined> = process.env): Promise<Target> {
  const config = loadConfig(env);
  if (env.ROX_URL) {
    const key = env.ROX_ADMIN_KEY ?? readLocalAdminKey(config.DATA_DIR);
    if (!key)
      throw new AppError('CONFIG_INVALID', 'ROX_URL is set: also set ROX_ADMIN_KEY to an admin key of that service');
    return { api: apiClient(env.ROX_URL, key), mode: 'service', close: async () => undefined };
  }
  if (!config.DATABASE_URL) {
    const holder = readLock(config.DATA_DIR);
    if (holder?.role === 'service' && holder.url) {
      const key = env.ROX_ADMIN_KEY ?? readLocalAdminKey(config.DATA_DIR);
      if (!key)
        throw new AppError(
          'CONFIG_INVALID',
          `A companion serves ${config.DATA_DIR} at ${holder.url} but ${config.DATA_DIR}/admin.key is missing: restart it, or set ROX_ADMIN_KEY`,
        );
      return { api: apiClient(loopback(holder.url), key), mode: 'service', close: async () => undefined };
    }
  }
  return openLocal(env);
}

async function openLocal(env: Record<string, string | undefined>): Promise<Target> {
  const config = loadConfig(env);
  const [{ encryptionKeyFor }, { buildService }, { createLogger }] = await Promise.all([
    import('../config/runtime.js'),
    import('../service.js'),
    import('../core/logger.js'),
  ]);
  const encryptionKey = await encryptionKeyFor(config);
  // OAuth callbacks go to where the service will run, not to this command's short-lived port.
  const publicUrl = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const svc = await buildService(
    { ...config, PUBLIC_URL: publicUrl, PORT: 0, HOST: '127.0.0.1' },
    createLogger(env.LOG_LEVEL ?? 'warn'),
    { encryptionKey, role: 'cli' },
  );
  try {
    const url = await svc.listen();
    // A command killed before it could delete its key left it behind: nobody holds its secret, but
    // it is removed here rather than kept forever.
    const hour = Date.now() - 3_600_000;
    for (const k of await svc.keys.list(null))
      if (k.name === COMMAND_KEY && Date.parse(k.createdAt) < hour) await svc.keys.remove(k.id);
    const { key, record } = await svc.keys.create({ connectionId: null, name: COMMAND_KEY });
    return {
      api: apiClient(url, key),
      mode: 'local',
      async close() {
        await svc.keys.remove(record.id);
        await svc.close();
      },
    };
  } catch (e) {
    await svc.close();
    throw e;
  }
}
