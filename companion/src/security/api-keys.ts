/**
 * API keys: `rox_key_<id>_<secret>`. Only a SHA-256 of the secret is stored; lookups go by id and
 * compare hashes in constant time. A key belongs to one connection (or is an admin key that may
 * manage connections but read no connection's data). The HMAC signing secret is derived from the
 * key itself, so a caller that holds the key can sign and the server can verify without storing
 * anything reversible.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ParsedKey {
  id: string;
  secret: string;
}

export function generateApiKey(): { id: string; secret: string; key: string; hash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { id, secret, key: `rox_key_${id}_${secret}`, hash: hashSecret(secret) };
}

export function parseApiKey(key: string): ParsedKey | undefined {
  const m = /^rox_key_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(key.trim());
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Signing key for request signatures: HMAC(secret, "rox-signing"), hex. Stored hashed-only too. */
export function signingKey(secret: string): string {
  return createHmac('sha256', secret).update('rox-signing').digest('hex');
}
