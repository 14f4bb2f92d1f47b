/**
 * Which failures are worth retrying and when. Retryable: UNABLE_TO_LOCK_ROW and other transient
 * record errors, Salesforce unavailable (5xx, network), the daily request limit (which also slows
 * the whole connection). Permanent: validation, duplicates, access, bad values — they go to the
 * ledger with Salesforce's code and message and wait for a replay.
 */
import { randomInt } from 'node:crypto';

export const MAX_ATTEMPTS = 8;
const BASE_MS = 1_000;
const CAP_MS = 10 * 60_000;

const RETRYABLE_RECORD_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
]);

export function isRetryableRecordError(statusCode: string): boolean {
  return RETRYABLE_RECORD_CODES.has(statusCode);
}

/** Exponential backoff with full jitter in [d/2, d]: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempt: number, base = BASE_MS): number {
  const d = Math.min(CAP_MS, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(d / 2) + randomInt(0, Math.floor(d / 2) + 1);
}
