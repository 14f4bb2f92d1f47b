/**
 * A data-removal request in the store: everything one connection holds about a person (by email)
 * or a record (by Salesforce id or Rox id), in one transaction. Synced rows become empty
 * tombstones with a new change sequence, so readers of the change feed learn the record is gone
 * and drop their own copies; the writeback ledger keeps each write's state and field names but no
 * values; the resolution cache, lead claims, id pairs and field states go.
 */
import type { Db, Queryable } from '../store/db.js';
import { outcomeWithoutValues } from '../store/redact.js';

export interface ErasureTarget {
  /** Lower-cased, trimmed. */
  email?: string;
  salesforceIds: string[];
  roxIds: string[];
}

export interface ErasureCounts {
  /** Synced rows emptied and turned into tombstones (the record and, for a person, their activities). */
  syncedRecords: number;
  /** Settled writebacks whose payload and outcome values were removed. */
  writebacksRedacted: number;
  /** Queued writebacks cancelled (state rejected, code ERASED) before they were sent. */
  writebacksCancelled: number;
  idMappings: number;
  /** Lead resolution's memory of which person an email is. */
  resolvedEmails: number;
  leadClaims: number;
  /** Last known field values kept for deciding newest-change-wins. */
  fieldStates: number;
}

export interface ErasureResult {
  counts: ErasureCounts;
  /** Salesforce ids the request reached (the record, its person's activities, ids paired with a Rox id). */
  recordsFound: number;
  /** Writebacks being sent right now (and live lead claims): left alone; run the request again once they settle. */
  inFlight: number;
}

/** Task and Event rows of a person (WhoId) go with the person: Contact (003) and Lead (00Q) ids. */
const PERSON_PREFIXES = ['003', '00Q'];
interface WritebackRow {
  id: string;
  kind: string;
  state: string;
  salesforce_id: string | null;
  payload: Record<string, unknown>;
  outcome: unknown;
}

const prefix15 = (ids: Iterable<string>) => [...new Set([...ids].map((i) => i.slice(0, 15)))];

export class ErasureStore {
  constructor(private readonly db: Db) {}

  /** `event` is the connection event recorded with the erasure (it must not name the target). */
  async erase(connectionId: string, target: ErasureTarget, event: (r: ErasureResult) => string): Promise<ErasureResult> {
    return this.db.transaction(async (tx) => {
      const ids = new Set(target.salesforceIds);
      const roxIds = target.roxIds;
      const email = target.email ?? null;
      const add = (rows: Array<{ id: string | null }>) => rows.forEach((r) => r.id && ids.add(r.id));

      if (roxIds.length > 0) {
        add(
          await tx.query(
            `SELECT salesforce_id AS id FROM id_mappings WHERE connection_id = $1 AND rox_id = ANY($2::text[])
             UNION SELECT salesforce_id FROM writebacks WHERE connection_id = $1 AND rox_id = ANY($2::text[])`,
            [connectionId, roxIds],
          ),
        );
      }
      if (email) {
        add(
          await tx.query(
            `SELECT salesforce_id AS id FROM person_emails WHERE connection_id = $1 AND email = $2
             UNION SELECT lead_id FROM lead_claims WHERE connection_id = $1 AND email = $2
             UNION SELECT r.id FROM synced_records r JOIN sync_objects o USING (connection_id, sobject)
               WHERE r.connection_id = $1 AND NOT r.is_deleted AND EXISTS (
                 SELECT 1 FROM jsonb_each_text(o.field_types) f
                 WHERE f.value = 'email' AND lower(trim(r.data->>f.key)) = $2)`,
            [connectionId, email],
          ),
        );
      }
      // The writebacks about the target; activities and records the companion created for it go too.
      const written = await this.writebacksAbout(tx, connectionId, prefix15(ids), roxIds, email);
      for (const w of written) if (w.salesforce_id && w.kind !== 'update') ids.add(w.salesforce_id);
      const people = prefix15([...ids].filter((i) => PERSON_PREFIXES.includes(i.slice(0, 3))));
      if (people.length > 0) {
        add(
          await tx.query(
            `SELECT id FROM synced_records WHERE connection_id = $1 AND sobject IN ('Task', 'Event')
               AND substr(data->>'WhoId', 1, 15) = ANY($2::text[])`,
            [connectionId, people],
          ),
        );
      }
      const short = prefix15(ids);
      const { liveClaims, ...removed } = await this.remove(tx, connectionId, short, roxIds, email);
      const { writebacks, inFlight } = await this.redact(tx, written, email);
      const result = { counts: { ...removed, ...writebacks }, recordsFound: short.length, inFlight: inFlight + liveClaims };
      await tx.query("INSERT INTO connection_events (connection_id, kind, message) VALUES ($1, 'erasure', $2)", [
        connectionId,
        event(result),
      ]);
      return result;
    });
  }

  private async remove(
    tx: Queryable,
    connectionId: string,
    ids: string[],
    roxIds: string[],
    email: string | null,
  ): Promise<Omit<ErasureCounts, 'writebacksRedacted' | 'writebacksCancelled'> & { liveClaims: number }> {
    const count = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).length;
    const syncedRecords = await count(
      `UPDATE synced_records SET data = '{}'::jsonb, is_deleted = true, own_change = false, synced_at = now(),
         change_seq = nextval(pg_get_serial_sequence('synced_records', 'change_seq'))
       WHERE connection_id = $1 AND substr(id, 1, 15) = ANY($2::text[])
         AND (NOT is_deleted OR data <> '{}'::jsonb) RETURNING id`,
      [connectionId, ids],
    );
    const fieldStates = await count(
      'DELETE FROM field_state WHERE connection_id = $1 AND substr(salesforce_id, 1, 15) = ANY($2::text[]) RETURNING field',
      [connectionId, ids],
    );
    await tx.query('DELETE FROM record_state WHERE connection_id = $1 AND substr(salesforce_id, 1, 15) = ANY($2::text[])', [
      connectionId,
      ids,
    ]);
    await tx.query('DELETE FROM sync_id_scan WHERE connection_id = $1 AND substr(id, 1, 15) = ANY($2::text[])', [
      connectionId,
      ids,
    ]);
    const idMappings = await count(
      `DELETE FROM id_mappings WHERE connection_id = $1
         AND (substr(salesforce_id, 1, 15) = ANY($2::text[]) OR rox_id = ANY($3::text[])) RETURNING rox_id`,
      [connectionId, ids, roxIds],
    );
    const resolvedEmails = await count(
      `DELETE FROM person_emails WHERE connection_id = $1
         AND (email = $3 OR substr(salesforce_id, 1, 15) = ANY($2::text[])) RETURNING email`,
      [connectionId, ids, email],
    );
    // A claim held by a live pass is that pass creating the Lead right now: left for a second run.
    const live = `lead_id IS NULL AND EXISTS (SELECT 1 FROM writebacks w
      WHERE w.locked_by = lead_claims.claimed_by AND w.state = 'sending' AND w.locked_until > now())`;
    const mine = `connection_id = $1 AND (email = $3 OR substr(lead_id, 1, 15) = ANY($2::text[]))`;
    const liveClaims = await count(`SELECT email FROM lead_claims WHERE ${mine} AND ${live}`, [connectionId, ids, email]);
    const leadClaims = await count(`DELETE FROM lead_claims WHERE ${mine} AND NOT (${live}) RETURNING email`, [
      connectionId,
      ids,
      email,
    ]);
    return { syncedRecords, fieldStates, idMappings, resolvedEmails, leadClaims, liveClaims };
  }

  /**
   * Writebacks about the target: by Rox id, by Salesforce id, or carrying the id or the email
   * anywhere in what they wrote or answered.
   */
  private async writebacksAbout(
    tx: Queryable,
    connectionId: string,
    ids: string[],
    roxIds: string[],
    email: string | null,
  ): Promise<WritebackRow[]> {
    return tx.query<WritebackRow>(
      `SELECT id, kind, state, salesforce_id, payload, outcome FROM writebacks w
       WHERE connection_id = $1 AND NOT (coalesce((payload->>'erased')::boolean, false) AND state <> 'sending') AND (
         rox_id = ANY($3::text[]) OR substr(coalesce(salesforce_id, ''), 1, 15) = ANY($2::text[])
         OR ($4::text IS NOT NULL AND strpos(lower(payload::text || coalesce(outcome::text, '')), $4::text) > 0)
         OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS i
                    WHERE strpos(payload::text || coalesce(outcome::text, ''), i) > 0))
       FOR UPDATE`,
      [connectionId, ids, roxIds, email],
    );
  }

  /** Queued writebacks are cancelled; settled ones keep state and field names; ones being sent are left. */
  private async redact(
    tx: Queryable,
    rows: WritebackRow[],
    email: string | null,
  ): Promise<{ writebacks: Pick<ErasureCounts, 'writebacksRedacted' | 'writebacksCancelled'>; inFlight: number }> {
    const inFlight = rows.filter((r) => r.state === 'sending').length;
    // Salesforce's error messages may quote the value they refused.
    const named = email ? new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi') : null;
    const scrub = (v: unknown) => (named ? JSON.parse(JSON.stringify(v).replace(named, '[erased]')) : v);
    const changes = rows
      .filter((r) => r.state !== 'sending')
      .map((r) => {
        const cancel = r.state === 'queued';
        return {
          id: r.id,
          cancel,
          state: cancel ? 'rejected' : r.state,
          payload: { redacted: true, erased: true, changedFields: r.payload?.changedFields ?? [] },
          outcome: cancel
            ? { error: { code: 'ERASED', message: 'Cancelled before it was sent: a data-removal request named it' } }
            : r.outcome === null || r.outcome === undefined
              ? null
              : scrub(outcomeWithoutValues(r.outcome)),
        };
      });
    if (changes.length > 0)
      await tx.query(
        `UPDATE writebacks w SET payload = e.payload, outcome = e.outcome, state = e.state, updated_at = now(),
           history = w.history || jsonb_build_array(jsonb_build_object('at', now(), 'event', 'erased',
             'detail', 'values removed by a data-removal request'))
         FROM jsonb_to_recordset($1::jsonb) AS e(id text, state text, payload jsonb, outcome jsonb)
         WHERE w.id = e.id`,
        [JSON.stringify(changes)],
      );
    return {
      writebacks: {
        writebacksCancelled: changes.filter((c) => c.cancel).length,
        writebacksRedacted: changes.filter((c) => !c.cancel).length,
      },
      inFlight,
    };
  }
}
