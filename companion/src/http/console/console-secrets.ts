/**
 * The secrets of the admin console: session secrets (in the browser's cookie) and one-time sign-in
 * link tokens, both 32 random bytes in base64url, stored only as SHA-256. The CSRF token is derived
 * from the session secret, so it needs no storage and dies with the session.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newConsoleSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a value has the shape of a secret this module makes (anything else is refused before any lookup). */
export function isConsoleSecret(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

export function hashConsoleSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('rox-console-csrf').digest('base64url');
}

export function csrfMatches(secret: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(csrfTokenFor(secret));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
