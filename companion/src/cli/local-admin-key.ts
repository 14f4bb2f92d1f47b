/**
 * The embedded store's CLI key: an admin key the running service keeps in DATA_DIR/admin.key
 * (mode 0600), so `npm run rox -- …` beside it can call its API. Whoever can read DATA_DIR can read
 * the store itself, so the file grants nothing new. Kept across restarts while it stays valid.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyStore } from '../store/api-key-store.js';

export const ADMIN_KEY_FILE = 'admin.key';
const NAME = 'local CLI (DATA_DIR/admin.key)';

export function readLocalAdminKey(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, ADMIN_KEY_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function ensureLocalAdminKey(keys: ApiKeyStore, dataDir: string): Promise<string> {
  const file = join(dataDir, ADMIN_KEY_FILE);
  const existing = existsSync(file) ? readLocalAdminKey(dataDir) : undefined;
  if (existing && (await keys.live(existing))?.scope === 'admin') return existing;
  const { key } = await keys.create({ connectionId: null, name: NAME });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
