/**
 * The writeback's promise under production conditions, small enough for every `npm test`: two
 * companion instances (processes) on one PostgreSQL, SIGKILLs with restarts, every fault kind the
 * local org injects (row locks, HTML 503 pages, latency, connections dropped before and after the
 * write commits, expired sessions, a revoked refresh token answered by a new login, the request
 * limit), duplicate and out-of-order arrivals. Nothing lost, nothing duplicated, every final value
 * the newest change by changedAt, no row failed for a cause a retry fixes, one Lead per new
 * address. `npm run bench` runs the same at full size and reports the drain time.
 */
import { openTestDb, type TestDb } from '../support/engines.js';
import { productionFaults, runChaos } from '../chaos/chaos-run.js';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb('postgres', { migrate: false });
});
afterAll(() => testDb.drop());

it('lands every writeback exactly once, newest change winning, through kills and every fault', async () => {
  const report = await runChaos({
    database: { url: testDb.url!, db: testDb.db },
    size: {
      existingAccounts: 30,
      changesPerAccount: 5,
      creates: 40,
      createsResent: 8,
      createsUpdated: 12,
      emails: 120,
      emailResends: 30,
      newAddresses: 25,
      knownContacts: 10,
    },
    kills: 3,
    killEveryMs: [800, 1600],
    batch: 20,
    submitGapMs: 250,
    latencyMs: 300,
    // The rare faults four times as often, so each happens in a run this small.
    faults: productionFaults(300, 4),
    claimBatch: 50,
    leaseSeconds: 3,
    seed: 7,
  });
  process.stdout.write(`chaos: ${JSON.stringify(report)}\n`);
  expect(report.lost).toBe(0);
  expect(report.duplicated).toBe(0);
  expect(report.failed).toEqual([]);
  expect(report.wrong).toEqual({ existing: 0, created: 0, subjects: 0, examples: [] });
  expect(report.addressesWithoutLead).toBe(0);
  expect(report.addressesWithSeveralLeads).toBe(0);
  expect(report.kills).toBe(3);
  expect(report.reauthorizations).toBeGreaterThanOrEqual(1);
  // Every fault kind really happened during the run.
  for (const kind of [
    'lock-row',
    'unavailable-html',
    'latency',
    'drop-connection',
    'drop-connection (after commit)',
    'session-expired',
    'request-limit',
    'refresh-revoked',
  ])
    expect({ kind, fired: report.faultsFired[kind] > 0 }).toEqual({ kind, fired: true });
}, 300_000);
