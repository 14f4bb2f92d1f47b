/**
 * Connections and their encrypted secrets. Tokens are encrypted here (AES-256-GCM bound to the
 * connection id) and never leave this module in plain text except through `secrets()`.
 */
import { randomUUID } from 'node:crypto';
import type {
  ApiUsageSnapshot,
  AuthMethod,
  ConnectionRecord,
  ConnectionSecrets,
  ConnectionState,
} from '../connections/connection-types.js';
import type { TokenCipher } from '../security/token-cipher.js';
import { iso } from './sql-values.js';
import type { Db, Queryable } from './db.js';

interface Row {
  id: string;
  name: string;
  auth_method: AuthMethod;
  state: ConnectionState;
  state_reason: string | null;
  state_message: string | null;
  login_url: string;
  instance_url: string | null;
  org_id: string | null;
  user_id: string | null;
  username: string | null;
  client_id: string | null;
  jwt_username: string | null;
  sf_cli_username: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  jwt_key_enc: string | null;
  api_usage: ApiUsageSnapshot | null;
  last_sync_at: Date | string | null;
  last_writeback_at: Date | string | null;
  connected_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function toRecord(r: Row): ConnectionRecord {
  return {
    id: r.id,
    name: r.name,
    authMethod: r.auth_method,
    state: r.state,
    stateReason: r.state_reason,
    stateMessage: r.state_message,
    loginUrl: r.login_url,
    instanceUrl: r.instance_url,
    orgId: r.org_id,
    userId: r.user_id,
    username: r.username,
    clientId: r.client_id,
    jwtUsername: r.jwt_username,
    sfCliUsername: r.sf_cli_username,
    apiUsage: r.api_usage,
    lastSyncAt: iso(r.last_sync_at),
    lastWritebackAt: iso(r.last_writeback_at),
    connectedAt: iso(r.connected_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export interface NewConnection {
  name: string;
  authMethod: AuthMethod;
  loginUrl: string;
  clientId?: string;
  jwtUsername?: string;
  sfCliUsername?: string;
}

export interface SessionUpdate {
  instanceUrl?: string;
  orgId?: string;
  userId?: string;
  username?: string;
  accessToken?: string;
  /** A rotated refresh token replaces the stored one. */
  refreshToken?: string;
  jwtKey?: string;
}

export class ConnectionStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenCipher,
  ) {}

  async create(input: NewConnection, q: Queryable = this.db): Promise<ConnectionRecord> {
    const id = randomUUID();
    const [row] = await q.query<Row>(
      `INSERT INTO connections (id, name, auth_method, state, login_url, client_id, jwt_username, sf_cli_username)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7) RETURNING *`,
      [
        id,
        input.name,
        input.authMethod,
        input.loginUrl,
        input.clientId ?? null,
        input.jwtUsername ?? null,
        input.sfCliUsername ?? null,
      ],
    );
    return toRecord(row);
  }

  async get(id: string): Promise<ConnectionRecord | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM connections WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  async byName(name: string): Promise<ConnectionRecord | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM connections WHERE name = $1', [name]);
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<ConnectionRecord[]> {
    return (await this.db.query<Row>('SELECT * FROM connections ORDER BY created_at, id')).map(toRecord);
  }

  async secrets(id: string): Promise<ConnectionSecrets> {
    const [row] = await this.db.query<Row>(
      'SELECT access_token_enc, refresh_token_enc, jwt_key_enc FROM connections WHERE id = $1',
      [id],
    );
    if (!row) return {};
    const dec = (v: string | null) => (v === null ? undefined : this.cipher.decrypt(v, id));
    return {
      accessToken: dec(row.access_token_enc),
      refreshToken: dec(row.refresh_token_enc),
      jwtKey: dec(row.jwt_key_enc),
    };
  }

  /** Saves what a login, refresh or JWT exchange returned; fields left undefined are kept. */
  async saveSession(id: string, s: SessionUpdate): Promise<void> {
    const enc = (v: string | undefined) => (v === undefined ? null : this.cipher.encrypt(v, id));
    await this.db.query(
      `UPDATE connections SET
         instance_url = COALESCE($2, instance_url),
         org_id = COALESCE($3, org_id),
         user_id = COALESCE($4, user_id),
         username = COALESCE($5, username),
         access_token_enc = COALESCE($6, access_token_enc),
         refresh_token_enc = COALESCE($7, refresh_token_enc),
         jwt_key_enc = COALESCE($8, jwt_key_enc),
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        s.instanceUrl ?? null,
        s.orgId ?? null,
        s.userId ?? null,
        s.username ?? null,
        enc(s.accessToken),
        enc(s.refreshToken),
        enc(s.jwtKey),
      ],
    );
  }

  async setLoginUrl(id: string, loginUrl: string): Promise<void> {
    await this.db.query('UPDATE connections SET login_url = $2, updated_at = now() WHERE id = $1', [id, loginUrl]);
  }

  async setState(id: string, state: ConnectionState, reason: string | null, message: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [prev] = await tx.query<{ state: string; state_reason: string | null }>(
        'SELECT state, state_reason FROM connections WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!prev) return;
      await tx.query(
        `UPDATE connections SET state = $2, state_reason = $3, state_message = $4, updated_at = now(),
           connected_at = CASE WHEN $2 = 'ready' AND connected_at IS NULL THEN now() ELSE connected_at END
         WHERE id = $1`,
        [id, state, reason, message],
      );
      if (prev.state !== state || prev.state_reason !== reason)
        await tx.query('INSERT INTO connection_events (connection_id, kind, message) VALUES ($1, $2, $3)', [
          id,
          `state:${state}`,
          message ?? state,
        ]);
      // Back to Ready (after a new login): writebacks that were waiting for it are due at once.
      if (state === 'ready' && prev.state !== 'ready')
        await tx.query(
          `UPDATE writebacks SET next_attempt_at = now()
           WHERE connection_id = $1 AND state = 'queued' AND next_attempt_at > now()
             AND history -> -1 ->> 'event' = 'waiting for re-authentication'`,
          [id],
        );
    });
  }

  async touch(id: string, what: 'sync' | 'writeback'): Promise<void> {
    await this.db.query(`UPDATE connections SET last_${what}_at = now() WHERE id = $1`, [id]);
  }

  async recordUsage(id: string, usage: ApiUsageSnapshot): Promise<void> {
    await this.db.query('UPDATE connections SET api_usage = $2 WHERE id = $1', [id, JSON.stringify(usage)]);
  }

  async events(id: string, limit = 20): Promise<Array<{ at: string; kind: string; message: string }>> {
    const rows = await this.db.query<{ at: Date | string; kind: string; message: string }>(
      'SELECT at, kind, message FROM connection_events WHERE connection_id = $1 ORDER BY id DESC LIMIT $2',
      [id, limit],
    );
    return rows.map((r) => ({ at: iso(r.at)!, kind: r.kind, message: r.message }));
  }

  /**
   * Deletes a connection with its tokens and every row any table holds for it, and reports how
   * many rows each table lost. Tables are found by their `connection_id` column, so data added by
   * later migrations is purged (and reported) without touching this code.
   */
  async purge(id: string): Promise<Record<string, number> | undefined> {
    return this.purgeRows(id, false);
  }

  /**
   * What purge would delete now, per table, deleting nothing: the same tables and the same
   * `connection_id` condition, counted in one snapshot instead of deleted.
   */
  async purgePreview(id: string): Promise<Record<string, number> | undefined> {
    return this.purgeRows(id, true);
  }

  private async purgeRows(id: string, dryRun: boolean): Promise<Record<string, number> | undefined> {
    return this.db.transaction(async (tx) => {
      // A snapshot for the preview, so its counts are of one moment; the purge locks the row instead.
      if (dryRun) await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [conn] = await tx.query(`SELECT id FROM connections WHERE id = $1${dryRun ? '' : ' FOR UPDATE'}`, [id]);
      if (!conn) return undefined;
      const tables = await tx.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns
         WHERE column_name = 'connection_id' AND table_schema = current_schema() ORDER BY table_name`,
      );
      const report: Record<string, number> = {};
      for (const { table_name } of tables) {
        const table = `"${table_name.replace(/"/g, '')}"`;
        const rows = await tx.query<{ n: number }>(
          dryRun
            ? `SELECT count(*)::int AS n FROM ${table} WHERE connection_id = $1`
            : `WITH d AS (DELETE FROM ${table} WHERE connection_id = $1 RETURNING 1)
           SELECT count(*)::int AS n FROM d`,
          [id],
        );
        report[table_name] = Number(rows[0]?.n ?? 0);
      }
      if (!dryRun) await tx.query('DELETE FROM connections WHERE id = $1', [id]);
      report.connections = 1;
      return report;
    });
  }
}
