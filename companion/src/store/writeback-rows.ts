/** The writeback outbox's rows as the store reads and writes them, and what a pass settles. */
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

export interface Row {
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

export function toRow<P>(r: Row): WritebackRow<P> {
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

export const entry = (event: string, detail?: string): HistoryEntry => ({
  at: new Date().toISOString(),
  event,
  detail,
});

/** What a pass decided for one row it holds. */
export interface Settlement {
  id: string;
  state: 'written' | 'superseded' | 'rejected' | 'failed' | 'queued';
  /** The result shown in the ledger (finished states). */
  outcome?: Record<string, unknown>;
  salesforceId?: string | null;
  /** History event (default: the state). */
  event?: string;
  detail?: string;
  /** queued: due again after this long. */
  delayMs?: number;
  /** queued: false when the failure was not this row's (limit, re-authentication, a 412). */
  countAttempt?: boolean;
}
