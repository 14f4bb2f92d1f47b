/**
 * Admin console sessions and one-time sign-in links. Only SHA-256 hashes of their secrets are kept.
 * Times are compared with the database's clock, so instances sharing one database agree.
 */
import type { Db } from './db.js';
import { iso } from './sql-values.js';

/** A session as its key stands now: the caller decides what an expired or revoked one means. */
export interface StoredConsoleSession {
  keyId: string;
  keyName: string;
  keyScope: 'admin' | 'connection';
  keyRevoked: boolean;
  expiresAt: string;
  /** Past its absolute lifetime. */
  expired: boolean;
  /** No request for longer than the idle timeout. */
  idle: boolean;
}

export type LinkUse =
  | { ok: true; keyId: string }
  | { ok: false; problem: 'unknown' | 'used' | 'expired' };

/** Used and expired links are kept this long, so a late click is told what happened to its link. */
const LINK_KEEP_HOURS = 24;

export class ConsoleSessionStore {
  constructor(private readonly db: Db) {}

  async create(secretHash: string, keyId: string, lifetimeSeconds: number): Promise<string> {
    const [row] = await this.db.query<{ expires_at: Date | string }>(
      `INSERT INTO console_sessions (secret_hash, key_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
      [secretHash, keyId, lifetimeSeconds],
    );
    return iso(row.expires_at)!;
  }

  async find(secretHash: string, idleSeconds: number): Promise<StoredConsoleSession | undefined> {
    const [row] = await this.db.query<{
      key_id: string;
      name: string;
      scope: 'admin' | 'connection';
      revoked: boolean;
      expires_at: Date | string;
      expired: boolean;
      idle: boolean;
    }>(
      `SELECT s.key_id, k.name, k.scope, k.revoked_at IS NOT NULL AS revoked, s.expires_at,
              s.expires_at <= now() AS expired,
              s.last_seen_at <= now() - make_interval(secs => $2) AS idle
         FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
        WHERE s.secret_hash = $1`,
      [secretHash, idleSeconds],
    );
    if (!row) return undefined;
    return {
      keyId: row.key_id,
      keyName: row.name,
      keyScope: row.scope,
      keyRevoked: row.revoked,
      expiresAt: iso(row.expires_at)!,
      expired: row.expired,
      idle: row.idle,
    };
  }

  /** Records activity (at most every few seconds: each request of a busy page need not write). */
  async touch(secretHash: string): Promise<void> {
    await this.db.query(
      `UPDATE console_sessions SET last_seen_at = now()
        WHERE secret_hash = $1 AND last_seen_at < now() - interval '5 seconds'`,
      [secretHash],
    );
  }

  async remove(secretHash: string): Promise<void> {
    await this.db.query('DELETE FROM console_sessions WHERE secret_hash = $1', [secretHash]);
  }

  /** Deletes sessions that can no longer be used and links long past their expiry. */
  async purge(idleSeconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM console_sessions s
        WHERE s.expires_at <= now() OR s.last_seen_at <= now() - make_interval(secs => $1)
           OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = s.key_id AND k.revoked_at IS NOT NULL)`,
      [idleSeconds],
    );
    await this.db.query(
      `DELETE FROM console_sign_in_links WHERE expires_at < now() - make_interval(hours => $1)`,
      [LINK_KEEP_HOURS],
    );
  }

  async createLink(tokenHash: string, keyId: string, ttlSeconds: number): Promise<string> {
    const [row] = await this.db.query<{ expires_at: Date | string }>(
      `INSERT INTO console_sign_in_links (token_hash, key_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
      [tokenHash, keyId, ttlSeconds],
    );
    return iso(row.expires_at)!;
  }

  /** Uses a link once: of several requests racing with one token (on any instance), one wins. */
  async useLink(tokenHash: string): Promise<LinkUse> {
    const [won] = await this.db.query<{ key_id: string }>(
      `UPDATE console_sign_in_links SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING key_id`,
      [tokenHash],
    );
    if (won) return { ok: true, keyId: won.key_id };
    const [lost] = await this.db.query<{ used: boolean }>(
      'SELECT used_at IS NOT NULL AS used FROM console_sign_in_links WHERE token_hash = $1',
      [tokenHash],
    );
    return { ok: false, problem: !lost ? 'unknown' : lost.used ? 'used' : 'expired' };
  }
}
