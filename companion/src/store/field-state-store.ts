/**
 * The last value the companion knows for each written or synced field, and when it knew it: the
 * base that tells whether Salesforce changed a field since (newest change wins).
 */
import type { Db } from './db.js';
import { iso } from './sql-values.js';

export interface FieldBase {
  value: unknown;
  asOf: string;
  source: 'writeback' | 'sync';
}

export class FieldStateStore {
  constructor(private readonly db: Db) {}

  /**
   * Bases for (record id, field) pairs of one object, key `${id}.${field}`: the newest of what the
   * companion wrote (field_state) and what sync last read (synced_records) — sync writes no extra
   * rows for this.
   */
  async bases(connectionId: string, sobject: string, ids: string[]): Promise<Map<string, FieldBase>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{
      salesforce_id: string;
      field: string;
      value: unknown;
      as_of: Date | string;
      source: 'writeback' | 'sync';
    }>(
      `SELECT salesforce_id, field, value, as_of, source FROM field_state
         WHERE connection_id = $1 AND sobject = $2 AND salesforce_id = ANY($3::text[])
       UNION ALL
       SELECT s.id, kv.key, kv.value, s.system_modstamp, 'sync' FROM synced_records s, jsonb_each(s.data) kv
         WHERE s.connection_id = $1 AND s.sobject = $2 AND s.id = ANY($3::text[])`,
      [connectionId, sobject, ids],
    );
    const out = new Map<string, FieldBase>();
    for (const r of rows) {
      const key = `${r.salesforce_id}.${r.field}`;
      const b = { value: r.value, asOf: iso(r.as_of)!, source: r.source };
      const prev = out.get(key);
      if (!prev || prev.asOf < b.asOf || (prev.asOf === b.asOf && b.source === 'sync')) out.set(key, b);
    }
    return out;
  }

  /** Only what the companion itself wrote (echo suppression). */
  async written(connectionId: string, sobject: string, ids: string[]): Promise<Map<string, FieldBase>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ salesforce_id: string; field: string; value: unknown; as_of: Date | string }>(
      `SELECT salesforce_id, field, value, as_of FROM field_state
       WHERE connection_id = $1 AND sobject = $2 AND source = 'writeback' AND salesforce_id = ANY($3::text[])`,
      [connectionId, sobject, ids],
    );
    return new Map(
      rows.map((r) => [
        `${r.salesforce_id}.${r.field}`,
        { value: r.value, asOf: iso(r.as_of)!, source: 'writeback' as const },
      ]),
    );
  }

  async record(
    connectionId: string,
    sobject: string,
    entries: Array<{ id: string; field: string; value: unknown; asOf: string }>,
    source: 'writeback' | 'sync',
  ): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO field_state (connection_id, sobject, salesforce_id, field, value, as_of, source)
       SELECT $1, $2, e.id, e.field, e.value, e.as_of, $4
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, field text, value jsonb, as_of timestamptz)
       ON CONFLICT (connection_id, sobject, salesforce_id, field) DO UPDATE
         SET value = EXCLUDED.value, as_of = EXCLUDED.as_of, source = EXCLUDED.source
         WHERE field_state.as_of <= EXCLUDED.as_of`,
      [
        connectionId,
        sobject,
        JSON.stringify(entries.map((e) => ({ id: e.id, field: e.field, value: e.value ?? null, as_of: e.asOf }))),
        source,
      ],
    );
  }
}
