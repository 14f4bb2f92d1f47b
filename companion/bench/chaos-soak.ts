/**
 * `npm run bench` (chaos soak): the writeback at production scale under production conditions —
 * two companion instances (processes) on one PostgreSQL, five SIGKILLs with restarts, and a local
 * org injecting 5% row locks on Collections and Composite calls, 3% HTML 503 pages, 10% +1.5 s
 * latency, 2% dropped connections (half after the write committed), expired sessions, two
 * request-limit errors and a revoked refresh token. 8,525 writebacks: 300 existing Accounts × 10
 * successive changes arriving in random order, 1,500 creates (225 resent, 300 updated after),
 * 3,000 emails (500 resent as a newer version, 747 new addresses). Reports lost, duplicated,
 * failed, wrong final values, Leads per new address and the drain time after the last submission
 * (goal: two minutes); exits 1 when the promise breaks. CHAOS_SCALE=0.2 runs a fifth of it.
 */
import { type ChaosReport, runChaos } from '../test/chaos/chaos-run.js';
import { openTestDb } from '../test/support/engines.js';

const SCALE = Number(process.env.CHAOS_SCALE ?? 1);
const n = (x: number) => Math.max(1, Math.round(x * SCALE));
const DRAIN_GOAL_S = 120;

const SIZE = {
  existingAccounts: n(300),
  changesPerAccount: 10,
  creates: n(1500),
  createsResent: n(225),
  createsUpdated: n(300),
  emails: n(3000),
  emailResends: n(500),
  newAddresses: n(747),
  knownContacts: n(500),
};

/** The same workload with one instance, no faults and no kills: the baseline of the same run. */
async function calm(): Promise<ChaosReport> {
  const testDb = await openTestDb('postgres', { migrate: false });
  try {
    return await runChaos({
      database: { url: testDb.url!, db: testDb.db },
      size: SIZE,
      instances: 1,
      kills: 0,
      faults: [],
      killBeforeLastBatch: false,
      batch: 500,
      submitGapMs: 0,
      latencyMs: 0,
      leaseSeconds: 15,
      seed: 2026,
    });
  } finally {
    await testDb.drop();
  }
}

async function main(): Promise<void> {
  const baseline = await calm();
  process.stdout.write(
    `  baseline: one instance, no faults, no kills: drained ${baseline.drainSeconds.toFixed(1)} s after the last submission, ${baseline.apiCalls} API calls\n`,
  );
  const testDb = await openTestDb('postgres', { migrate: false });
  const started = Date.now();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    const report = await runChaos({
      database: { url: testDb.url!, db: testDb.db },
      size: SIZE,
      // Everything is submitted as fast as the client can; the kills land while the outbox drains.
      kills: 5,
      killEveryMs: [2000, 4000],
      killBeforeLastBatch: false,
      batch: 500,
      submitGapMs: 0,
      latencyMs: 1500,
      leaseSeconds: 15,
      seed: 2026,
      log: (line) => process.stdout.write(`  ${line}\n`),
    });
    const wrong = report.wrong.existing + report.wrong.created + report.wrong.subjects;
    const lines = [
      '',
      `Chaos soak (scale ${SCALE}): ${report.items} writebacks, 2 instances on PostgreSQL, ${report.kills} SIGKILLs, every fault kind injected`,
      `  faults fired        ${Object.entries(report.faultsFired)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}${
        Object.values(report.faultsFired).some((v) => v === 0) ? ' (a rare fault may not fire in a small run)' : ''
      }`,
      `  re-authentications  ${report.reauthorizations}`,
      `  ledger              ${Object.entries(report.states)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `  lost                ${report.lost}`,
      `  duplicated          ${report.duplicated}`,
      `  failed              ${report.failed.length}${
        report.failed.length
          ? ` (${report.failed
              .slice(0, 3)
              .map((f) => `${f.roxId} ${f.code}`)
              .join('; ')})`
          : ''
      }`,
      `  wrong final values  ${wrong} (existing Accounts ${report.wrong.existing}, created ${report.wrong.created}, activity subjects ${report.wrong.subjects})${report.wrong.examples.length ? `: ${report.wrong.examples.slice(0, 3).join('; ')}` : ''}`,
      `  new addresses       ${report.newAddresses}: ${report.addressesWithoutLead} without a Lead, ${report.addressesWithSeveralLeads} with several`,
      `  API calls           ${report.apiCalls} (${((report.apiCalls / report.items) * 1000).toFixed(0)} per 1,000 writebacks)`,
      `  submitting          ${report.submitSeconds.toFixed(1)} s`,
      `  drain               ${report.drainSeconds.toFixed(1)} s after the last submission (goal ${DRAIN_GOAL_S} s: ${report.drainSeconds <= DRAIN_GOAL_S ? 'met' : 'NOT met'}); calm baseline of this run ${baseline.drainSeconds.toFixed(1)} s (${baseline.apiCalls} API calls)`,
      `  peak RSS of the harness (local org and checks; the instances are processes of their own): ${Math.round(peakRss / 1024 / 1024)} MB`,
      `  whole run           ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const broken =
      report.lost +
      report.duplicated +
      report.failed.length +
      wrong +
      report.addressesWithoutLead +
      report.addressesWithSeveralLeads;
    if (broken > 0) {
      process.stdout.write('chaos soak: the writeback promise broke (see above)\n');
      process.exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    await testDb.drop();
  }
}

void main();
