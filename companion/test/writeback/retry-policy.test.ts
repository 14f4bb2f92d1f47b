/**
 * What happens to a row after each class of failure: transient failures are retried with backoff
 * until the row is too old (a replay starts a new window), uncertain ones a few times, the request
 * limit and a needed login pause without charging an attempt, permanent ones fail at once.
 */
import type { WritebackRow } from '../../src/store/writeback-store.js';
import { MAX_ATTEMPTS, REAUTH_WAIT_MS, backoffMs, settleFailure } from '../../src/writeback/retry-policy.js';

const HOUR = 3_600_000;
const ctx = { giveUpMs: 24 * HOUR, limitPauseMs: 15_000 };
const row = (over: Partial<WritebackRow<unknown>> = {}): WritebackRow<unknown> =>
  ({
    id: 'w1',
    attempts: 1,
    createdAt: new Date().toISOString(),
    history: [{ at: new Date().toISOString(), event: 'accepted' }],
    ...over,
  }) as WritebackRow<unknown>;

it('retries a transient failure with growing, jittered backoff, however many attempts it took', () => {
  const s = settleFailure(row({ attempts: 30 }), 'transient', ctx, 'ERROR_HTTP_503', {});
  expect(s).toMatchObject({ state: 'queued', event: 'retry' });
  expect(s.delayMs).toBeGreaterThanOrEqual(5 * 60_000);
  expect(s.delayMs).toBeLessThanOrEqual(10 * 60_000);
  for (let a = 1; a < 10; a++) {
    const d = backoffMs(a);
    expect(d).toBeGreaterThanOrEqual(Math.min(600_000, 1000 * 2 ** (a - 1)) / 2);
    expect(d).toBeLessThanOrEqual(Math.min(600_000, 1000 * 2 ** (a - 1)));
  }
});

it('gives a transient failure up once the row is older than the window, and a replay starts a new window', () => {
  const old = new Date(Date.now() - 25 * HOUR).toISOString();
  const given = settleFailure(row({ createdAt: old }), 'transient', ctx, 'SERVER_UNAVAILABLE', { error: 'x' });
  expect(given).toMatchObject({ state: 'failed', outcome: { error: 'x' } });
  expect(given.detail).toMatch(/25 hours after it was accepted; gave up/);
  const replayed = row({
    createdAt: old,
    history: [
      { at: old, event: 'accepted' },
      { at: new Date().toISOString(), event: 'replayed' },
    ],
  });
  expect(settleFailure(replayed, 'transient', ctx, 'SERVER_UNAVAILABLE', {}).state).toBe('queued');
});

it('retries an uncertain failure at most MAX_ATTEMPTS times', () => {
  expect(settleFailure(row({ attempts: MAX_ATTEMPTS - 1 }), 'uncertain', ctx, 'UNKNOWN_EXCEPTION', {}).state).toBe(
    'queued',
  );
  expect(settleFailure(row({ attempts: MAX_ATTEMPTS }), 'uncertain', ctx, 'UNKNOWN_EXCEPTION', {}).state).toBe(
    'failed',
  );
});

it('pauses for the request limit and waits for a login without charging an attempt; fails a permanent error at once', () => {
  expect(settleFailure(row(), 'limit', ctx, 'REQUEST_LIMIT_EXCEEDED', {})).toMatchObject({
    state: 'queued',
    delayMs: 15_000,
    countAttempt: false,
  });
  expect(settleFailure(row(), 'reauth', ctx, 'invalid_grant', {})).toMatchObject({
    state: 'queued',
    event: 'waiting for re-authentication',
    delayMs: REAUTH_WAIT_MS,
    countAttempt: false,
  });
  expect(settleFailure(row(), 'permanent', ctx, 'FIELD_CUSTOM_VALIDATION_EXCEPTION: no', { e: 1 })).toMatchObject({
    state: 'failed',
    outcome: { e: 1 },
  });
});
