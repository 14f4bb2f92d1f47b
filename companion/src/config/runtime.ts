/**
 * The rules the service and the CLI both apply to a loaded configuration before opening the store:
 * which mode runs (the local demo when no org and no database are configured), and the token
 * encryption key, which only the demo may make up (kept in DATA_DIR).
 */
import { AppError } from '../core/app-error.js';
import type { Config } from './config-schema.js';

export function isLocalDemo(config: Config): boolean {
  return config.LOCAL_DEMO ?? (!config.SF_CLIENT_ID && !config.DATABASE_URL);
}

/** The encryption key to use; outside the demo ROX_ENCRYPTION_KEY must be set. */
export async function encryptionKeyFor(config: Config): Promise<string> {
  if (config.ROX_ENCRYPTION_KEY) return config.ROX_ENCRYPTION_KEY;
  if (!isLocalDemo(config))
    throw new AppError(
      'CONFIG_INVALID',
      'ROX_ENCRYPTION_KEY is required outside the local demo: set it to 32 random bytes in base64 (openssl rand -base64 32). Tokens are encrypted with it.',
    );
  const { demoEncryptionKey } = await import('../local-demo.js');
  return demoEncryptionKey(config.DATA_DIR);
}
