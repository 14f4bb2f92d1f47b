/**
 * The writeback outbox and ledger. Intake inserts rows in the transaction that answers 202;
 * passes claim due rows with FOR UPDATE SKIP LOCKED (several instances never take the same row),
 * never a row whose record has an earlier unfinished change (so two changes to one record never
 * overtake each other), hold them under a lease they renew while they work, and settle each
 * outcome with its history — fenced by the holder, and in one transaction with what the outcome
 * teaches the next change (written values, ID mappings).
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db.js';
import { outcomeWithoutValues } from './redact.js';
import { iso } from './sql-values.js';
import {
  type NewWriteback,
  type Row,
  type Settlement,
  type WritebackRow,
  type WritebackState,
  entry,
  toRow,
} from './writeback-rows.js';

export type {
  HistoryEntry,
  NewWriteback,
  Settlement,
  WritebackKind,
  WritebackRow,
  WritebackState,
} from './writeback-rows.js';

/** How many times a row's sender may die mid-send before the row is failed (a poison row). */
const POISON_LEASES = 10;

export class WritebackStore {
  constructor(private readonly db: Db) {}

  /**
   * Inserts a request's writebacks in one transaction. An item whose idempotency key was seen
   * before is not inserted again: the existing row is returned instead.
   */
  async enqueue(connectionId: string, items: NewWriteback[]): Promise<{ requestId: string; rows: WritebackRow[] }> {
    const requestId = randomUUID();
    const rows = await this.db.transaction(async (tx) => {
      const out: WritebackRow[] = [];
      for (const item of items) {
        const inserted = await tx.query<Row>(
          `INSERT INTO writebacks (id, connection_id, request_id, idempotency_key, kind, sobject, rox_id, record_key,
             changed_at, payload, state, outcome, salesforce_id, history)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (connection_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
           RETURNING *`,
          [
            randomUUID(),
            connectionId,
            requestId,
            item.idempotencyKey ?? null,
            item.kind,
            item.sobject,
            item.roxId,
            `${item.sobject}:${item.roxId}`,
            item.changedAt,
            JSON.stringify(item.payload),
            item.state ?? 'queued',
            item.outcome ? JSON.stringify(item.outcome) : null,
            item.salesforceId ?? null,
            JSON.stringify([entry(item.state === 'rejected' ? 'rejected' : 'accepted')]),
          ],
        );
        if (inserted[0]) out.push(toRow<Record<string, unknown>>(inserted[0]));
        else {
          const [existing] = await tx.query<Row>(
            'SELECT * FROM writebacks WHERE connection_id = $1 AND idempotency_key = $2',
            [connectionId, item.idempotencyKey],
          );
          out.push(toRow<Record<string, unknown>>(existing));
        }
      }
      return out;
    });
    return { requestId, rows };
  }

  /**
   * Takes up to `limit` due rows of a connection for one pass (`holder`, lease `leaseSeconds`).
   * Never a row whose record has an unfinished change ahead of it: an earlier change, or for an
   * update, a create of the same record whenever it arrived (so an update sent before its create
   * waits for it). Only the first unfinished change of each record is taken.
   */
  async claim(connectionId: string, holder: string, limit: number, leaseSeconds = 30): Promise<WritebackRow[]> {
    const rows = await this.db.query<Row>(
      `WITH due AS (
         SELECT w.id FROM writebacks w
         WHERE w.connection_id = $1 AND w.state = 'queued' AND w.next_attempt_at <= now()
           AND NOT EXISTS (
             SELECT 1 FROM writebacks p
             WHERE p.connection_id = w.connection_id AND p.record_key = w.record_key AND p.id <> w.id
               AND p.state IN ('queued', 'sending')
               AND ((p.kind = 'create' AND w.kind <> 'create')
                 OR (p.seq < w.seq AND (p.kind = 'create') = (w.kind = 'create'))))
         ORDER BY w.seq
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       UPDATE writebacks w SET state = 'sending', locked_by = $3, locked_until = now() + make_interval(secs => $4),
         attempts = w.attempts + 1, updated_at = now()
       FROM due WHERE w.id = due.id
       RETURNING w.*`,
      [connectionId, limit, holder, leaseSeconds],
    );
    return rows.map((r) => toRow<Record<string, unknown>>(r)).sort((a, b) => a.seq - b.seq);
  }

  /** A live pass extends the lease on what it holds; returns how many rows it still holds. */
  async heartbeat(holder: string, leaseSeconds: number): Promise<number> {
    const rows = await this.db.query(
      `UPDATE writebacks SET locked_until = now() + make_interval(secs => $2)
       WHERE locked_by = $1 AND state = 'sending' RETURNING id`,
      [holder, leaseSeconds],
    );
    return rows.length;
  }

  /**
   * Records the outcome of rows a pass holds, in one transaction with `effects` (the field values
   * written, ID mappings, …), so what the next change reads is committed with the decision that
   * made it. A row the pass no longer holds (its lease expired and another pass took it) is left
   * alone; the effects are still committed, since they record what Salesforce now holds by our
   * hand. Returns the ids settled.
   */
  async settle(
    holder: string,
    settlements: Settlement[],
    effects?: (tx: Queryable) => Promise<void>,
  ): Promise<Set<string>> {
    const at = new Date().toISOString();
    return this.db.transaction(async (tx) => {
      const done =
        settlements.length === 0
          ? []
          : await tx.query<{ id: string }>(
              `UPDATE writebacks w SET
                 state = s.state,
                 outcome = CASE WHEN s.state = 'queued' THEN w.outcome ELSE s.outcome END,
                 salesforce_id = COALESCE(s.salesforce_id, w.salesforce_id),
                 attempts = CASE WHEN s.state = 'queued' AND NOT s.count_attempt THEN greatest(w.attempts - 1, 0) ELSE w.attempts END,
                 next_attempt_at = CASE WHEN s.state = 'queued' THEN now() + make_interval(secs => s.delay_ms / 1000.0) ELSE w.next_attempt_at END,
                 locked_by = NULL, locked_until = NULL, updated_at = now(),
                 history = w.history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('at', $3::text, 'event', s.event, 'detail', s.detail)))
               FROM jsonb_to_recordset($2::jsonb) AS s(id text, state text, outcome jsonb, salesforce_id text,
                 event text, detail text, delay_ms double precision, count_attempt boolean)
               WHERE w.id = s.id AND w.locked_by = $1 AND w.state = 'sending'
               RETURNING w.id`,
              [
                holder,
                JSON.stringify(
                  settlements.map((x) => ({
                    id: x.id,
                    state: x.state,
                    outcome: x.outcome ?? null,
                    salesforce_id: x.salesforceId ?? null,
                    event: x.event ?? x.state,
                    detail: x.detail ?? null,
                    delay_ms: x.delayMs ?? 0,
                    count_attempt: x.countAttempt ?? true,
                  })),
                ),
                at,
              ],
            );
      if (effects) await effects(tx);
      return new Set(done.map((d) => d.id));
    });
  }

  /** Rows a pass claimed but did not settle go back to the queue (no attempt counted). */
  async release(holder: string, delayMs: number, detail: string, event = 'not sent'): Promise<number> {
    const rows = await this.db.query(
      `UPDATE writebacks SET state = 'queued', locked_by = NULL, locked_until = NULL,
         attempts = greatest(attempts - 1, 0), next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
         updated_at = now(), history = history || $3::jsonb
       WHERE locked_by = $1 AND state = 'sending' RETURNING id`,
      [holder, delayMs, JSON.stringify([entry(event, detail)])],
    );
    return rows.length;
  }

  /**
   * Rows whose pass died mid-send go back to the queue (their sends are idempotent); the attempt
   * is not counted, since the row did nothing wrong. A row whose sender died POISON_LEASES times
   * is failed instead, so one row that crashes the process cannot block its record for ever.
   */
  async requeueExpired(): Promise<number> {
    const rows = await this.db.query(
      `UPDATE writebacks SET
         state = CASE WHEN jsonb_array_length(jsonb_path_query_array(history, '$[*] ? (@.event == "lease expired")')) + 1 >= $1
           THEN 'failed' ELSE 'queued' END,
         outcome = CASE WHEN jsonb_array_length(jsonb_path_query_array(history, '$[*] ? (@.event == "lease expired")')) + 1 >= $1
           THEN jsonb_build_object('error', jsonb_build_object('code', 'WORKER_STOPPED',
             'message', 'The companion stopped while sending this writeback ' || $1 || ' times; replay it once the cause is found'))
           ELSE outcome END,
         attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL, updated_at = now(),
         history = history || jsonb_build_array(jsonb_build_object('at', now(), 'event', 'lease expired', 'detail', 'requeued after a worker stopped mid-send'))
       WHERE state = 'sending' AND locked_until < now() RETURNING id`,
      [POISON_LEASES],
    );
    return rows.length;
  }

  /**
   * The newest decided (written or superseded) Rox change per record and field, for these record
   * keys, among changes made after `after` (the oldest change being decided: older history cannot
   * outrank it): key `${recordKey}` → field → changedAt. An activity is one field, '*'.
   */
  async decidedChanges(
    connectionId: string,
    recordKeys: string[],
    after: string,
  ): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    if (recordKeys.length === 0) return out;
    const rows = await this.db.query<{ record_key: string; field: string; changed_at: Date | string }>(
      `SELECT w.record_key, f.field, max(w.changed_at) AS changed_at
       FROM writebacks w CROSS JOIN LATERAL jsonb_array_elements_text(
         CASE WHEN w.kind = 'activity' THEN '["*"]'::jsonb ELSE coalesce(w.payload->'changedFields', '[]'::jsonb) END) AS f(field)
       WHERE w.connection_id = $1 AND w.record_key = ANY($2::text[]) AND w.state IN ('written', 'superseded')
         AND w.changed_at > $3
       GROUP BY w.record_key, f.field`,
      [connectionId, [...new Set(recordKeys)], after],
    );
    for (const r of rows) {
      const m = out.get(r.record_key) ?? new Map<string, string>();
      m.set(r.field, iso(r.changed_at)!);
      out.set(r.record_key, m);
    }
    return out;
  }

  async get(connectionId: string, id: string): Promise<WritebackRow | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM writebacks WHERE connection_id = $1 AND id = $2', [
      connectionId,
      id,
    ]);
    return row ? toRow<Record<string, unknown>>(row) : undefined;
  }

  /**
   * A page of the ledger in accepted order. Only the filters given become conditions (a `$n IS
   * NULL OR …` would keep the planner from using an index on the column), each a plain comparison
   * on a column; `since` is inclusive and `until` exclusive, on the time the writeback was accepted.
   */
  async list(
    connectionId: string,
    filter: {
      state?: WritebackState;
      requestId?: string;
      sobject?: string;
      since?: Date;
      until?: Date;
      afterSeq?: number;
      limit: number;
    },
  ): Promise<WritebackRow[]> {
    const params: unknown[] = [connectionId, filter.afterSeq ?? 0];
    const where = ['connection_id = $1', 'seq > $2'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.state !== undefined) add((n) => `state = ${n}`, filter.state);
    if (filter.requestId !== undefined) add((n) => `request_id = ${n}`, filter.requestId);
    // Object names are case-insensitive in Salesforce; the ledger keeps the spelling it was given.
    if (filter.sobject !== undefined) add((n) => `lower(sobject) = lower(${n})`, filter.sobject);
    if (filter.since !== undefined) add((n) => `created_at >= ${n}::timestamptz`, filter.since.toISOString());
    if (filter.until !== undefined) add((n) => `created_at < ${n}::timestamptz`, filter.until.toISOString());
    params.push(filter.limit);
    const rows = await this.db.query<Row>(
      `SELECT * FROM writebacks WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => toRow<Record<string, unknown>>(r));
  }

  async counts(connectionId: string): Promise<Record<WritebackState, number>> {
    const rows = await this.db.query<{ state: WritebackState; n: number }>(
      'SELECT state, count(*)::int AS n FROM writebacks WHERE connection_id = $1 GROUP BY state',
      [connectionId],
    );
    const out = { queued: 0, sending: 0, written: 0, superseded: 0, rejected: 0, failed: 0 };
    for (const r of rows) out[r.state] = Number(r.n);
    return out;
  }

  /** A failed write goes back to the queue after its cause is fixed. */
  async replay(connectionId: string, id: string): Promise<WritebackRow | undefined> {
    const [row] = await this.db.query<Row>(
      `UPDATE writebacks SET state = 'queued', attempts = 0, next_attempt_at = now(), updated_at = now(),
         history = history || $3::jsonb
       WHERE connection_id = $1 AND id = $2 AND state = 'failed' AND NOT coalesce((payload->>'redacted')::boolean, false)
       RETURNING *`,
      [connectionId, id, JSON.stringify([entry('replayed')])],
    );
    return row ? toRow<Record<string, unknown>>(row) : undefined;
  }

  /**
   * Payload retention: settled writebacks last changed more than `days` ago lose what they carried
   * (field values, email bodies, participants) and the values in their outcome; the ledger keeps
   * each one's state, field names, errors and history. At most `limit` rows per call.
   */
  async redactExpired(days: number, limit = 500): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; outcome: unknown; payload: Record<string, unknown> }>(
        `SELECT id, outcome, payload FROM writebacks
         WHERE state IN ('written', 'superseded', 'rejected', 'failed')
           AND updated_at < now() - make_interval(days => $1)
           AND NOT coalesce((payload->>'redacted')::boolean, false)
         ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [days, limit],
      );
      if (rows.length === 0) return 0;
      const redacted = rows.map((r) => ({
        id: r.id,
        // Field names stay: deciding a later change of the record reads which fields this one set.
        payload: { redacted: true, changedFields: r.payload?.changedFields ?? [] },
        outcome: r.outcome === null || r.outcome === undefined ? null : outcomeWithoutValues(r.outcome),
      }));
      await tx.query(
        `UPDATE writebacks w SET payload = e.payload, outcome = e.outcome, history = w.history || $2::jsonb
         FROM jsonb_to_recordset($1::jsonb) AS e(id text, payload jsonb, outcome jsonb)
         WHERE w.id = e.id`,
        [
          JSON.stringify(redacted),
          JSON.stringify([entry('redacted', `values removed after ${days} days (WRITEBACK_RETENTION_DAYS)`)]),
        ],
      );
      return rows.length;
    });
  }

  async connectionsWithDueWork(): Promise<string[]> {
    const rows = await this.db.query<{ connection_id: string }>(
      "SELECT DISTINCT connection_id FROM writebacks WHERE state = 'queued' AND next_attempt_at <= now()",
    );
    return rows.map((r) => r.connection_id);
  }
}
