/**
 * Synced records and per-object sync state. A page of records and the cursor that follows it are
 * saved in one transaction (a crash resumes after the last saved page); upserts are idempotent and
 * only a real change bumps a record's change sequence, which the read API pages by.
 */
import type { Db, Queryable } from './db.js';
import { iso } from './sql-values.js';

export interface SyncState {
  fields: string[];
  /** Describe type of each synced field at the last run. */
  fieldTypes: Record<string, string>;
  cursorModstamp: string | null;
  cursorId: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  formulasRefreshedAt: string | null;
  /** A Bulk backfill under way: its job, and the locator of the next page to read ('' = the first). */
  bulk: { jobId: string; locator: string } | null;
  /** getDeleted has been read up to here. */
  deletesCheckedUntil: string | null;
  rowsSynced: number;
  apiCalls: number;
}

export interface SyncedRecord {
  id: string;
  systemModstamp: string;
  isDeleted: boolean;
  data: Record<string, unknown>;
}

const SET_DELETES_CHECKED =
  'UPDATE sync_objects SET deletes_checked_until = $3 WHERE connection_id = $1 AND sobject = $2';

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
      fieldTypes: (r.field_types as Record<string, string>) ?? {},
      cursorModstamp: iso(r.cursor_modstamp as Date | null),
      cursorId: (r.cursor_id as string | null) ?? null,
      lastRunAt: iso(r.last_run_at as Date | null),
      lastSuccessAt: iso(r.last_success_at as Date | null),
      lastError: (r.last_error as string | null) ?? null,
      formulasRefreshedAt: iso(r.formulas_refreshed_at as Date | null),
      bulk: r.bulk_job_id ? { jobId: String(r.bulk_job_id), locator: String(r.bulk_locator ?? '') } : null,
      deletesCheckedUntil: iso(r.deletes_checked_until as Date | null),
      rowsSynced: Number(r.rows_synced),
      apiCalls: Number(r.api_calls),
    };
  }

  /**
   * Upserts records only (pages saved side by side; `advance` then moves the cursor in order).
   * A row older than the stored one never replaces it, and an unchanged row keeps its change sequence.
   * The page is registered in flight first, with a change sequence lower than any its rows get, and
   * unregistered in the transaction that saves it: `changes` stops below every page in flight, so a
   * reader never moves past a page that commits after a later one.
   */
  async saveRecords(connectionId: string, sobject: string, records: SyncedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const [{ first_seq: seq }] = await this.db.query<{ first_seq: string | number }>(
      `INSERT INTO sync_inflight (connection_id, sobject, first_seq)
       VALUES ($1, $2, nextval(pg_get_serial_sequence('synced_records', 'change_seq'))) RETURNING first_seq`,
      [connectionId, sobject],
    );
    const unregister = 'DELETE FROM sync_inflight WHERE connection_id = $1 AND sobject = $2 AND first_seq = $3';
    try {
      await this.db.transaction(async (tx) => {
        await upsertRecords(tx, connectionId, sobject, records);
        await tx.query(unregister, [connectionId, sobject, seq]);
      });
    } catch (e) {
      await this.db.query(unregister, [connectionId, sobject, seq]).catch(() => undefined);
      throw e;
    }
  }

  /**
   * Takes (or renews) the connection's run lease for `ttlSeconds`. Another holder's lease is taken
   * over only once expired. Returns the current holder, and since when, if it is someone else.
   */
  async lease(
    connectionId: string,
    holder: string,
    ttlSeconds: number,
  ): Promise<{ ok: true } | { ok: false; holder: string; since: string }> {
    const rows = await this.db.query<{ holder: string }>(
      `INSERT INTO sync_leases (connection_id, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (connection_id) DO UPDATE SET holder = $2, expires_at = EXCLUDED.expires_at,
         acquired_at = CASE WHEN sync_leases.holder = $2 THEN sync_leases.acquired_at ELSE now() END
       WHERE sync_leases.holder = $2 OR sync_leases.expires_at < now()
       RETURNING holder`,
      [connectionId, holder, ttlSeconds],
    );
    if (rows.length > 0) return { ok: true };
    const [cur] = await this.db.query<{ holder: string; acquired_at: Date | string }>(
      'SELECT holder, acquired_at FROM sync_leases WHERE connection_id = $1',
      [connectionId],
    );
    return { ok: false, holder: cur?.holder ?? 'unknown', since: iso(cur?.acquired_at ?? null) ?? '' };
  }

  async releaseLease(connectionId: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM sync_leases WHERE connection_id = $1 AND holder = $2', [connectionId, holder]);
  }

  /** Forgets pages left in flight by a process that died (no save takes 15 minutes). */
  async clearStaleInflight(connectionId: string, sobject: string): Promise<void> {
    await this.db.query(
      `DELETE FROM sync_inflight WHERE connection_id = $1 AND sobject = $2 AND started_at < now() - interval '15 minutes'`,
      [connectionId, sobject],
    );
  }

  /**
   * Progress after pages saved in order: the cursor (ordered REST pages) or the Bulk checkpoint,
   * with the counts of rows and API calls.
   */
  async advance(
    connectionId: string,
    sobject: string,
    p: {
      cursor?: { modstamp: string; id: string };
      bulk?: { jobId: string; locator: string };
      rows: number;
      calls: number;
    },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_objects (connection_id, sobject, cursor_modstamp, cursor_id, bulk_job_id, bulk_locator, last_run_at, rows_synced, api_calls)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8)
       ON CONFLICT (connection_id, sobject) DO UPDATE SET
         cursor_modstamp = GREATEST(sync_objects.cursor_modstamp, EXCLUDED.cursor_modstamp),
         cursor_id = COALESCE(EXCLUDED.cursor_id, sync_objects.cursor_id),
         bulk_job_id = COALESCE(EXCLUDED.bulk_job_id, sync_objects.bulk_job_id),
         bulk_locator = COALESCE(EXCLUDED.bulk_locator, sync_objects.bulk_locator), last_run_at = now(),
         rows_synced = sync_objects.rows_synced + EXCLUDED.rows_synced, api_calls = sync_objects.api_calls + EXCLUDED.api_calls`,
      [
        connectionId,
        sobject,
        p.cursor?.modstamp ?? null,
        p.cursor?.id ?? null,
        p.bulk?.jobId ?? null,
        p.bulk?.locator ?? null,
        p.rows,
        p.calls,
      ],
    );
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

  /** The fields synced for an object (and their types); fields no longer synced lose their stored values (PII minimisation). */
  async setFields(
    connectionId: string,
    sobject: string,
    fields: string[],
    removed: string[],
    types: Record<string, string> = {},
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sync_objects (connection_id, sobject, fields, field_types) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connection_id, sobject) DO UPDATE SET fields = EXCLUDED.fields, field_types = EXCLUDED.field_types`,
        [connectionId, sobject, JSON.stringify(fields), JSON.stringify(types)],
      );
      if (removed.length > 0)
        await tx.query(
          `UPDATE synced_records SET data = data - $3::text[], change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
           WHERE connection_id = $1 AND sobject = $2`,
          [connectionId, sobject, removed],
        );
    });
  }

  /**
   * Ends an unordered (Bulk) backfill: the cursor moves to the newest stored row (so a backfill
   * resumed after a crash counts the rows saved before it), and the job checkpoint is cleared.
   */
  async finishBulk(connectionId: string, sobject: string): Promise<void> {
    await this.db.query(
      `UPDATE sync_objects o SET bulk_job_id = NULL, bulk_locator = NULL,
         cursor_modstamp = GREATEST(o.cursor_modstamp, m.system_modstamp), cursor_id = COALESCE(m.id, o.cursor_id)
       FROM (SELECT max(system_modstamp) AS system_modstamp,
                    (SELECT id FROM synced_records WHERE connection_id = $1 AND sobject = $2
                     ORDER BY system_modstamp DESC, id DESC LIMIT 1) AS id
             FROM synced_records WHERE connection_id = $1 AND sobject = $2) m
       WHERE o.connection_id = $1 AND o.sobject = $2`,
      [connectionId, sobject],
    );
  }

  /** Records the getDeleted window as checked up to a time, without a call (after a full read). */
  async setDeletesChecked(connectionId: string, sobject: string, until: string): Promise<void> {
    await this.db.query(SET_DELETES_CHECKED, [connectionId, sobject, until]);
  }

  /** A reconciling scan: forget the ids of an earlier one that did not finish. */
  async beginIdScan(connectionId: string, sobject: string): Promise<void> {
    await this.db.query('DELETE FROM sync_id_scan WHERE connection_id = $1 AND sobject = $2', [connectionId, sobject]);
  }

  async addScanIds(connectionId: string, sobject: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `INSERT INTO sync_id_scan (connection_id, sobject, id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [connectionId, sobject, ids],
    );
  }

  /**
   * Ends a reconciling scan: live rows last changed before `until` that the scan did not see are
   * deleted in Salesforce (purged from the recycle bin) or no longer visible, and become tombstones;
   * deletes count as checked up to `until`.
   */
  async finishIdScan(connectionId: string, sobject: string, until: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE synced_records s SET is_deleted = true, own_change = false, synced_at = now(),
           change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
         WHERE s.connection_id = $1 AND s.sobject = $2 AND NOT s.is_deleted AND s.system_modstamp < $3
           AND NOT EXISTS (SELECT 1 FROM sync_id_scan x WHERE x.connection_id = $1 AND x.sobject = $2 AND x.id = s.id)
         RETURNING s.id`,
        [connectionId, sobject, until],
      );
      await tx.query('DELETE FROM sync_id_scan WHERE connection_id = $1 AND sobject = $2', [connectionId, sobject]);
      await tx.query(SET_DELETES_CHECKED, [connectionId, sobject, until]);
      return rows.length;
    });
  }

  /** Records getDeleted reported: live rows not changed since become tombstones. */
  async markDeleted(
    connectionId: string,
    sobject: string,
    deleted: Array<{ id: string; deletedDate: string }>,
    until: string,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = deleted.length
        ? await tx.query<{ id: string }>(
            `UPDATE synced_records s SET is_deleted = true, own_change = false, synced_at = now(),
               system_modstamp = GREATEST(s.system_modstamp, d.deleted_date),
               change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
             FROM jsonb_to_recordset($3::jsonb) AS d(id text, deleted_date timestamptz)
             WHERE s.connection_id = $1 AND s.sobject = $2 AND s.id = d.id AND NOT s.is_deleted
               AND s.system_modstamp <= d.deleted_date
             RETURNING s.id`,
            [connectionId, sobject, JSON.stringify(deleted.map((d) => ({ id: d.id, deleted_date: d.deletedDate })))],
          )
        : [];
      await tx.query(SET_DELETES_CHECKED, [connectionId, sobject, until]);
      return rows.length;
    });
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
      own_change: boolean;
      change_seq: number | string;
    }>(
      'SELECT id, data, system_modstamp, is_deleted, own_change, change_seq FROM synced_records WHERE connection_id = $1 AND sobject = $2 AND (id = $3 OR substr(id, 1, 15) = substr($3, 1, 15))',
      [connectionId, sobject, id],
    );
    return r
      ? {
          id: r.id,
          data: r.data,
          systemModstamp: iso(r.system_modstamp)!,
          isDeleted: r.is_deleted,
          ownChange: r.own_change,
          seq: Number(r.change_seq),
        }
      : undefined;
  }

  /** Ids of the live records changed after a change sequence (a formula refresh's parents). */
  async changedIds(connectionId: string, sobject: string, afterSeq: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM synced_records
       WHERE connection_id = $1 AND sobject = $2 AND change_seq > $3 AND NOT is_deleted ORDER BY change_seq`,
      [connectionId, sobject, afterSeq],
    );
    return rows.map((r) => r.id);
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
       WHERE connection_id = $1 AND sobject = $2 AND change_seq > $3
         AND change_seq < COALESCE((SELECT min(first_seq) FROM sync_inflight
                                    WHERE connection_id = $1 AND sobject = $2), 9223372036854775807)
       ORDER BY change_seq LIMIT $4`,
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

/** The idempotent upsert of synced records (a real change bumps the change sequence). */
async function upsertRecords(db: Queryable, connectionId: string, sobject: string, records: SyncedRecord[]) {
  await db.query(
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
}
