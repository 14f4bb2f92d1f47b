/**
 * Synced records and per-object sync state. A page of records and the cursor that follows it are
 * saved in one transaction (a crash resumes after the last saved page); upserts are idempotent and
 * only a real change bumps a record's change sequence, which the read API pages by.
 */
import type { Db } from './db.js';
import { iso } from './sql-values.js';

export interface SyncState {
  fields: string[];
  cursorModstamp: string | null;
  cursorId: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  formulasRefreshedAt: string | null;
  rowsSynced: number;
  apiCalls: number;
}

export interface SyncedRecord {
  id: string;
  systemModstamp: string;
  isDeleted: boolean;
  data: Record<string, unknown>;
}

export class SyncStore {
  constructor(private readonly db: Db) {}

  async state(connectionId: string, sobject: string): Promise<SyncState | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM sync_objects WHERE connection_id = $1 AND sobject = $2',
      [connectionId, sobject],
    );
    if (!r) return undefined;
    return {
      fields: (r.fields as string[]) ?? [],
      cursorModstamp: iso(r.cursor_modstamp as Date | null),
      cursorId: (r.cursor_id as string | null) ?? null,
      lastRunAt: iso(r.last_run_at as Date | null),
      lastSuccessAt: iso(r.last_success_at as Date | null),
      lastError: (r.last_error as string | null) ?? null,
      formulasRefreshedAt: iso(r.formulas_refreshed_at as Date | null),
      rowsSynced: Number(r.rows_synced),
      apiCalls: Number(r.api_calls),
    };
  }

  /** Saves one page and moves the cursor to its last row, atomically. */
  async savePage(
    connectionId: string,
    sobject: string,
    records: SyncedRecord[],
    calls: number,
    options: { cursor?: { modstamp: string; id: string } | null } = {},
  ): Promise<void> {
    if (records.length === 0) return;
    // Ordered pages move the cursor to their last row; unordered (Bulk) pages pass cursor: null.
    const cursor =
      options.cursor === undefined
        ? { modstamp: records[records.length - 1].systemModstamp, id: records[records.length - 1].id }
        : options.cursor;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO synced_records (connection_id, sobject, id, data, system_modstamp, is_deleted)
         SELECT $1, $2, r.id, r.data, r.system_modstamp, r.is_deleted
         FROM jsonb_to_recordset($3::jsonb) AS r(id text, data jsonb, system_modstamp timestamptz, is_deleted boolean)
         ON CONFLICT (connection_id, sobject, id) DO UPDATE
           SET data = EXCLUDED.data, system_modstamp = EXCLUDED.system_modstamp, is_deleted = EXCLUDED.is_deleted,
               synced_at = now(), own_change = false, change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
           WHERE synced_records.system_modstamp <= EXCLUDED.system_modstamp
             AND (synced_records.data IS DISTINCT FROM EXCLUDED.data OR synced_records.is_deleted IS DISTINCT FROM EXCLUDED.is_deleted)`,
        [
          connectionId,
          sobject,
          JSON.stringify(
            records.map((r) => ({
              id: r.id,
              data: r.data,
              system_modstamp: r.systemModstamp,
              is_deleted: r.isDeleted,
            })),
          ),
        ],
      );
      await tx.query(
        `INSERT INTO sync_objects (connection_id, sobject, cursor_modstamp, cursor_id, last_run_at, rows_synced, api_calls)
         VALUES ($1, $2, $3, $4, now(), $5, $6)
         ON CONFLICT (connection_id, sobject) DO UPDATE SET
           cursor_modstamp = GREATEST(sync_objects.cursor_modstamp, EXCLUDED.cursor_modstamp),
           cursor_id = COALESCE(EXCLUDED.cursor_id, sync_objects.cursor_id), last_run_at = now(),
           rows_synced = sync_objects.rows_synced + EXCLUDED.rows_synced, api_calls = sync_objects.api_calls + EXCLUDED.api_calls`,
        [connectionId, sobject, cursor?.modstamp ?? null, cursor?.id ?? null, records.length, calls],
      );
    });
  }

  async finishRun(connectionId: string, sobject: string, error: string | null, calls = 0): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_objects (connection_id, sobject, last_run_at, last_success_at, last_error, api_calls)
       VALUES ($1, $2, now(), CASE WHEN $3::text IS NULL THEN now() END, $3, $4)
       ON CONFLICT (connection_id, sobject) DO UPDATE SET last_run_at = now(),
         last_success_at = CASE WHEN $3::text IS NULL THEN now() ELSE sync_objects.last_success_at END,
         last_error = $3, api_calls = sync_objects.api_calls + $4`,
      [connectionId, sobject, error, calls],
    );
  }

  /** The fields synced for an object; fields no longer synced lose their stored values (PII minimisation). */
  async setFields(connectionId: string, sobject: string, fields: string[], removed: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sync_objects (connection_id, sobject, fields) VALUES ($1, $2, $3)
         ON CONFLICT (connection_id, sobject) DO UPDATE SET fields = EXCLUDED.fields`,
        [connectionId, sobject, JSON.stringify(fields)],
      );
      if (removed.length > 0)
        await tx.query(
          `UPDATE synced_records SET data = data - $3::text[], change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
           WHERE connection_id = $1 AND sobject = $2`,
          [connectionId, sobject, removed],
        );
    });
  }

  /** Sets the cursor after an unordered (Bulk) backfill finished. */
  async setCursor(connectionId: string, sobject: string, modstamp: string, id: string): Promise<void> {
    await this.db.query(
      `UPDATE sync_objects SET cursor_modstamp = GREATEST(cursor_modstamp, $3::timestamptz), cursor_id = $4
       WHERE connection_id = $1 AND sobject = $2`,
      [connectionId, sobject, modstamp, id],
    );
  }

  async markFormulasRefreshed(connectionId: string, sobject: string): Promise<void> {
    await this.db.query(
      'UPDATE sync_objects SET formulas_refreshed_at = now() WHERE connection_id = $1 AND sobject = $2',
      [connectionId, sobject],
    );
  }

  /** Marks records whose latest change is the companion's own writeback (echo suppression). */
  async markOwnChanges(connectionId: string, sobject: string, own: Map<string, boolean>): Promise<void> {
    const ids = [...own].filter(([, v]) => v).map(([id]) => id);
    if (ids.length === 0) return;
    await this.db.query(
      // Only sets the flag: a later real change clears it in savePage; an unchanged re-read keeps it.
      'UPDATE synced_records SET own_change = true WHERE connection_id = $1 AND sobject = $2 AND id = ANY($3::text[])',
      [connectionId, sobject, ids],
    );
  }

  /** The highest change sequence of an object now (to find what a run changed). */
  async maxSeq(connectionId: string, sobject: string): Promise<number> {
    const [r] = await this.db.query<{ s: number | string | null }>(
      'SELECT max(change_seq) AS s FROM synced_records WHERE connection_id = $1 AND sobject = $2',
      [connectionId, sobject],
    );
    return Number(r?.s ?? 0);
  }

  /** Merges one column's values into stored records (backfill of a newly synced field). */
  async mergeColumn(
    connectionId: string,
    sobject: string,
    rows: Array<{ id: string; data: Record<string, unknown> }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE synced_records s SET data = s.data || r.data,
         change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
       FROM jsonb_to_recordset($3::jsonb) AS r(id text, data jsonb)
       WHERE s.connection_id = $1 AND s.sobject = $2 AND s.id = r.id AND s.data IS DISTINCT FROM (s.data || r.data)`,
      [connectionId, sobject, JSON.stringify(rows)],
    );
  }

  async get(connectionId: string, sobject: string, id: string) {
    const [r] = await this.db.query<{
      id: string;
      data: Record<string, unknown>;
      system_modstamp: Date | string;
      is_deleted: boolean;
      change_seq: number | string;
    }>(
      'SELECT id, data, system_modstamp, is_deleted, change_seq FROM synced_records WHERE connection_id = $1 AND sobject = $2 AND (id = $3 OR substr(id, 1, 15) = substr($3, 1, 15))',
      [connectionId, sobject, id],
    );
    return r
      ? {
          id: r.id,
          data: r.data,
          systemModstamp: iso(r.system_modstamp)!,
          isDeleted: r.is_deleted,
          seq: Number(r.change_seq),
        }
      : undefined;
  }

  /** Records changed after a change sequence (tombstones included), oldest first. */
  async changes(connectionId: string, sobject: string, afterSeq: number, limit: number) {
    const rows = await this.db.query<{
      id: string;
      data: Record<string, unknown>;
      system_modstamp: Date | string;
      is_deleted: boolean;
      own_change: boolean;
      change_seq: number | string;
    }>(
      `SELECT id, data, system_modstamp, is_deleted, own_change, change_seq FROM synced_records
       WHERE connection_id = $1 AND sobject = $2 AND change_seq > $3 ORDER BY change_seq LIMIT $4`,
      [connectionId, sobject, afterSeq, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      data: r.data,
      systemModstamp: iso(r.system_modstamp)!,
      isDeleted: r.is_deleted,
      ownChange: r.own_change,
      seq: Number(r.change_seq),
    }));
  }

  async count(connectionId: string, sobject: string): Promise<{ live: number; deleted: number }> {
    const [r] = await this.db.query<{ live: number; deleted: number }>(
      `SELECT count(*) FILTER (WHERE NOT is_deleted)::int AS live, count(*) FILTER (WHERE is_deleted)::int AS deleted
       FROM synced_records WHERE connection_id = $1 AND sobject = $2`,
      [connectionId, sobject],
    );
    return { live: Number(r.live), deleted: Number(r.deleted) };
  }
}
