/**
 * What the companion knows about the fields of Salesforce records, for the newest-change-wins
 * check: the last value it wrote to each field (field_state), the values sync last read
 * (synced_records), and per record the last time someone other than the connected user changed
 * it before the companion's own write (record_state).
 */
import type { Db, Queryable } from './db.js';
import { iso } from './sql-values.js';

export interface FieldBase {
  value: unknown;
  asOf: string;
  source: 'writeback' | 'sync';
}

export interface FieldBases {
  /** `${id}.${field}` → the last value the companion wrote there. */
  own: Map<string, FieldBase>;
  /** `${id}.${field}` → the value sync last read, as of the record's SystemModstamp then. */
  synced: Map<string, FieldBase>;
}

export interface WrittenValue {
  id: string;
  field: string;
  value: unknown;
  asOf: string;
}

export class FieldStateStore {
  constructor(private readonly db: Db) {}

  async bases(connectionId: string, sobject: string, ids: string[]): Promise<FieldBases> {
    const out: FieldBases = { own: new Map(), synced: new Map() };
    if (ids.length === 0) return out;
    const rows = await this.db.query<{
      salesforce_id: string;
      field: string;
      value: unknown;
      as_of: Date | string;
      source: 'writeback' | 'sync';
    }>(
      `SELECT salesforce_id, field, value, as_of, 'writeback' AS source FROM field_state
         WHERE connection_id = $1 AND sobject = $2 AND source = 'writeback' AND salesforce_id = ANY($3::text[])
       UNION ALL
       SELECT s.id, kv.key, kv.value, s.system_modstamp, 'sync' FROM synced_records s, jsonb_each(s.data) kv
         WHERE s.connection_id = $1 AND s.sobject = $2 AND s.id = ANY($3::text[]) AND NOT s.is_deleted`,
      [connectionId, sobject, ids],
    );
    for (const r of rows) {
      const b = { value: r.value, asOf: iso(r.as_of)!, source: r.source };
      (r.source === 'sync' ? out.synced : out.own).set(`${r.salesforce_id}.${r.field}`, b);
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
    entries: WrittenValue[],
    source: 'writeback' | 'sync',
    q: Queryable = this.db,
  ): Promise<void> {
    if (entries.length === 0) return;
    await q.query(
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

  /** Per record (15-character id key): the last time someone else changed it, before our last write. */
  async othersModstamps(connectionId: string, sobject: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ salesforce_id: string; others_modstamp: Date | string }>(
      `SELECT salesforce_id, others_modstamp FROM record_state
       WHERE connection_id = $1 AND sobject = $2 AND salesforce_id = ANY($3::text[])`,
      [connectionId, sobject, ids],
    );
    return new Map(rows.map((r) => [r.salesforce_id.slice(0, 15), iso(r.others_modstamp)!]));
  }

  async recordOthersModstamps(
    connectionId: string,
    sobject: string,
    entries: Array<{ id: string; othersModstamp: string }>,
    q: Queryable = this.db,
  ): Promise<void> {
    if (entries.length === 0) return;
    await q.query(
      `INSERT INTO record_state (connection_id, sobject, salesforce_id, others_modstamp)
       SELECT $1, $2, e.id, e.others_modstamp FROM jsonb_to_recordset($3::jsonb) AS e(id text, others_modstamp timestamptz)
       ON CONFLICT (connection_id, sobject, salesforce_id) DO UPDATE
         SET others_modstamp = greatest(record_state.others_modstamp, EXCLUDED.others_modstamp), updated_at = now()`,
      [connectionId, sobject, JSON.stringify(entries.map((e) => ({ id: e.id, others_modstamp: e.othersModstamp })))],
    );
  }
}
