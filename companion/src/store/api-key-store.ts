/** API keys (hashed secrets only) and the signatures already seen (replay protection). */
import { generateApiKey, parseApiKey, secretMatches } from '../security/api-keys.js';
import { iso } from './sql-values.js';
import type { Db } from './db.js';

export interface ApiKeyRecord {
  id: string;
  connectionId: string | null;
  scope: 'connection' | 'admin';
  name: string;
  secretHash: string;
  requireSignature: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string;
  connection_id: string | null;
  scope: 'connection' | 'admin';
  name: string;
  secret_hash: string;
  require_signature: boolean;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

function toRecord(r: Row): ApiKeyRecord {
  return {
    id: r.id,
    connectionId: r.connection_id,
    scope: r.scope,
    name: r.name,
    secretHash: r.secret_hash,
    requireSignature: r.require_signature,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** Creates a key and returns it in full once; only its hash is kept. */
  async create(input: {
    connectionId: string | null;
    name: string;
    requireSignature?: boolean;
  }): Promise<{ key: string; record: ApiKeyRecord }> {
    const k = generateApiKey();
    const [row] = await this.db.query<Row>(
      `INSERT INTO api_keys (id, connection_id, scope, name, secret_hash, require_signature)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [
        k.id,
        input.connectionId,
        input.connectionId ? 'connection' : 'admin',
        input.name,
        k.hash,
        input.requireSignature ?? false,
      ],
    );
    return { key: k.key, record: toRecord(row) };
  }

  /** The record of a full key (`rox_key_…`) that is well-formed, known, matches and is not revoked. */
  async live(key: string): Promise<ApiKeyRecord | undefined> {
    const parsed = parseApiKey(key);
    const record = parsed ? await this.get(parsed.id) : undefined;
    return record && !record.revokedAt && secretMatches(parsed!.secret, record.secretHash) ? record : undefined;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM api_keys WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  async list(connectionId?: string | null): Promise<ApiKeyRecord[]> {
    const rows =
      connectionId === undefined
        ? await this.db.query<Row>('SELECT * FROM api_keys ORDER BY created_at, id')
        : await this.db.query<Row>(
            'SELECT * FROM api_keys WHERE connection_id IS NOT DISTINCT FROM $1 ORDER BY created_at, id',
            [connectionId],
          );
    return rows.map(toRecord);
  }

  async revoke(id: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  /** Deletes a key outright (the CLI's key for one command, when the command ends). */
  async remove(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM seen_signatures WHERE key_id = $1', [id]);
      await tx.query('DELETE FROM api_keys WHERE id = $1', [id]);
    });
  }

  async touch(id: string): Promise<void> {
    await this.db.query(
      "UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
      [id],
    );
  }

  /** Records a signature; false when it was seen before (a replay). Expired entries are dropped. */
  async rememberSignature(signature: string, keyId: string, ttlSeconds: number): Promise<boolean> {
    await this.db.query('DELETE FROM seen_signatures WHERE expires_at < now()');
    const rows = await this.db.query(
      `INSERT INTO seen_signatures (signature, key_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) ON CONFLICT (signature) DO NOTHING RETURNING signature`,
      [signature, keyId, ttlSeconds],
    );
    return rows.length > 0;
  }
}
