/**
 * The writeback outbox and ledger. Intake inserts rows in the transaction that answers 202;
 * workers claim due rows with FOR UPDATE SKIP LOCKED (several instances never take the same row),
 * never a row whose record has an earlier unfinished change (so two changes to one record never
 * overtake each other), and record each outcome with its history.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db.js';
import { iso } from './sql-values.js';

export type WritebackKind = 'update' | 'create' | 'activity';
export type WritebackState = 'queued' | 'sending' | 'written' | 'superseded' | 'rejected' | 'failed';

export interface HistoryEntry {
  at: string;
  event: string;
  detail?: string;
}

export interface WritebackRow<P = Record<string, unknown>> {
  id: string;
  connectionId: string;
  requestId: string;
  idempotencyKey: string | null;
  seq: number;
  kind: WritebackKind;
  sobject: string;
  roxId: string;
  recordKey: string;
  changedAt: string;
  payload: P;
  state: WritebackState;
  attempts: number;
  nextAttemptAt: string;
  salesforceId: string | null;
  outcome: Record<string, unknown> | null;
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  connection_id: string;
  request_id: string;
  idempotency_key: string | null;
  seq: number | string;
  kind: WritebackKind;
  sobject: string;
  rox_id: string;
  record_key: string;
  changed_at: Date | string;
  payload: Record<string, unknown>;
  state: WritebackState;
  attempts: number;
  next_attempt_at: Date | string;
  salesforce_id: string | null;
  outcome: Record<string, unknown> | null;
  history: HistoryEntry[];
  created_at: Date | string;
  updated_at: Date | string;
}

function toRow<P>(r: Row): WritebackRow<P> {
  return {
    id: r.id,
    connectionId: r.connection_id,
    requestId: r.request_id,
    idempotencyKey: r.idempotency_key,
    seq: Number(r.seq),
    kind: r.kind,
    sobject: r.sobject,
    roxId: r.rox_id,
    recordKey: r.record_key,
    changedAt: iso(r.changed_at)!,
    payload: r.payload as P,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at)!,
    salesforceId: r.salesforce_id,
    outcome: r.outcome,
    history: r.history,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export interface NewWriteback {
  kind: WritebackKind;
  sobject: string;
  roxId: string;
  changedAt: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
  /** 'rejected' rows go straight to the ledger with their reasons. */
  state?: 'queued' | 'rejected';
  outcome?: Record<string, unknown>;
  salesforceId?: string;
}

const entry = (event: string, detail?: string): HistoryEntry => ({ at: new Date().toISOString(), event, detail });

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

  /** Takes up to `limit` due rows of a connection for this worker (lease `leaseSeconds`). */
  async claim(connectionId: string, workerId: string, limit: number, leaseSeconds = 120): Promise<WritebackRow[]> {
    const rows = await this.db.query<Row>(
      `WITH due AS (
         SELECT w.id FROM writebacks w
         WHERE w.connection_id = $1 AND w.state = 'queued' AND w.next_attempt_at <= now()
           AND NOT EXISTS (
             SELECT 1 FROM writebacks p
             WHERE p.connection_id = w.connection_id AND p.record_key = w.record_key AND p.seq < w.seq
               AND p.state IN ('queued', 'sending'))
         ORDER BY w.seq
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       UPDATE writebacks w SET state = 'sending', locked_by = $3, locked_until = now() + make_interval(secs => $4),
         attempts = w.attempts + 1, updated_at = now()
       FROM due WHERE w.id = due.id
       RETURNING w.*`,
      [connectionId, limit, workerId, leaseSeconds],
    );
    return rows.map((r) => toRow<Record<string, unknown>>(r)).sort((a, b) => a.seq - b.seq);
  }

  /** Rows whose worker died mid-send go back to the queue (their sends are idempotent). */
  async requeueExpired(): Promise<number> {
    const rows = await this.db.query(
      `UPDATE writebacks SET state = 'queued', locked_by = NULL, locked_until = NULL, updated_at = now(),
         history = history || jsonb_build_array(jsonb_build_object('at', now(), 'event', 'lease expired', 'detail', 'requeued after a worker stopped mid-send'))
       WHERE state = 'sending' AND locked_until < now() RETURNING id`,
    );
    return rows.length;
  }

  async finish(
    id: string,
    state: 'written' | 'superseded' | 'rejected' | 'failed',
    outcome: Record<string, unknown>,
    options: { salesforceId?: string | null; event?: string; detail?: string; q?: Queryable } = {},
  ): Promise<void> {
    await (options.q ?? this.db).query(
      `UPDATE writebacks SET state = $2, outcome = $3, salesforce_id = COALESCE($4, salesforce_id),
         locked_by = NULL, locked_until = NULL, updated_at = now(), history = history || $5::jsonb
       WHERE id = $1`,
      [
        id,
        state,
        JSON.stringify(outcome),
        options.salesforceId ?? null,
        JSON.stringify([entry(options.event ?? state, options.detail)]),
      ],
    );
  }

  /** Back to the queue after `delayMs`; `countAttempt: false` undoes the claim's attempt (not our failure). */
  async retryLater(id: string, delayMs: number, event: string, detail: string, countAttempt = true): Promise<void> {
    await this.db.query(
      `UPDATE writebacks SET state = 'queued', locked_by = NULL, locked_until = NULL,
         attempts = CASE WHEN $4 THEN attempts ELSE greatest(attempts - 1, 0) END,
         next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), updated_at = now(),
         history = history || $3::jsonb
       WHERE id = $1 AND state = 'sending'`,
      [id, delayMs, JSON.stringify([entry(event, detail)]), countAttempt],
    );
  }

  async get(connectionId: string, id: string): Promise<WritebackRow | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM writebacks WHERE connection_id = $1 AND id = $2', [
      connectionId,
      id,
    ]);
    return row ? toRow<Record<string, unknown>>(row) : undefined;
  }

  async list(
    connectionId: string,
    filter: { state?: WritebackState; requestId?: string; afterSeq?: number; limit: number },
  ): Promise<WritebackRow[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM writebacks WHERE connection_id = $1
         AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR request_id = $3) AND seq > $4
       ORDER BY seq LIMIT $5`,
      [connectionId, filter.state ?? null, filter.requestId ?? null, filter.afterSeq ?? 0, filter.limit],
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
       WHERE connection_id = $1 AND id = $2 AND state = 'failed' RETURNING *`,
      [connectionId, id, JSON.stringify([entry('replayed')])],
    );
    return row ? toRow<Record<string, unknown>>(row) : undefined;
  }

  async connectionsWithDueWork(): Promise<string[]> {
    const rows = await this.db.query<{ connection_id: string }>(
      "SELECT DISTINCT connection_id FROM writebacks WHERE state = 'queued' AND next_attempt_at <= now()",
    );
    return rows.map((r) => r.connection_id);
  }
}
