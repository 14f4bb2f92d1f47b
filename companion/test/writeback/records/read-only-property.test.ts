/**
 * Property: whatever the mappings and whatever Rox sends, a field mapped Read Only (or not mapped)
 * is never written to Salesforce, and every Read and Write field lands. 30 seeded rounds of random
 * modes per Account field and random payloads, each through the API, the outbox and the worker.
 */
import { startCompanion, type TestCompanion } from '../../support/companion.js';
import { drainNow, readyConnection, submit } from '../../support/writeback.js';

let t: TestCompanion;
let conn: string;
beforeAll(async () => {
  t = await startCompanion('pglite');
  conn = await readyConnection(t, 'property');
});
afterAll(() => t.close());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

const FIELDS: Array<{ rox: string; sf: string; gen: (r: () => number) => unknown }> = [
  { rox: 'industry', sf: 'Industry', gen: (r) => ['Energy', 'Banking', 'Retail', 'Technology'][Math.floor(r() * 4)] },
  { rox: 'employee_count', sf: 'NumberOfEmployees', gen: (r) => Math.floor(r() * 10_000) },
  { rox: 'annual_revenue', sf: 'AnnualRevenue', gen: (r) => Math.round(r() * 1e8) / 100 },
  { rox: 'phone', sf: 'Phone', gen: (r) => `555-${Math.floor(r() * 9000 + 1000)}` },
  { rox: 'domain', sf: 'Website', gen: (r) => `https://x${Math.floor(r() * 1e6)}.example.com` },
];

it('never writes a Read Only or unmapped field and always writes Read and Write ones (30 random rounds)', async () => {
  const r = rng(20261122);
  for (let round = 0; round < 30; round++) {
    const config = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json.config;
    const modes = new Map<string, 'read_only' | 'read_write' | 'unmapped'>();
    for (const f of FIELDS) {
      const pick = r();
      // Website is a required basic mapping (it dedupes Accounts), so it may not be removed.
      const mode = pick < 0.4 ? 'read_only' : pick < 0.8 || f.sf === 'Website' ? 'read_write' : 'unmapped';
      modes.set(f.sf, mode);
      config.accounts.fieldMappings = config.accounts.fieldMappings.filter(
        (m: { salesforceField: string }) => m.salesforceField !== f.sf,
      );
      if (mode !== 'unmapped') config.accounts.fieldMappings.push({ roxField: f.rox, salesforceField: f.sf, mode });
    }
    const saved = await t.api('PUT', `/v1/connections/${conn}/mappings`, { body: config });
    expect([saved.status, saved.json.error?.message]).toEqual([200, undefined]);

    const before: Record<string, unknown> = {};
    for (const f of FIELDS) before[f.sf] = f.gen(r);
    const id = t.lo.org.insert('Account', { Name: `Prop ${round}`, ...before }, t.lo.org.users.integration.id);
    const sent: Record<string, unknown> = {};
    for (const f of FIELDS) if (r() < 0.8) sent[f.rox] = f.gen(r);
    if (Object.keys(sent).length === 0) sent.phone = '555-0000';
    await submit(t, conn, [
      {
        type: 'update',
        object: 'Account',
        roxId: `prop-${round}`,
        salesforceId: id,
        changedAt: new Date(Date.now() + 60_000).toISOString(),
        fields: sent,
      },
    ]);
    await drainNow(t, conn);

    const after = t.lo.org.get(id)!;
    for (const f of FIELDS) {
      const mode = modes.get(f.sf);
      if (!(f.rox in sent) || mode !== 'read_write')
        expect([round, f.sf, after[f.sf]]).toEqual([round, f.sf, before[f.sf]]);
      else expect([round, f.sf, after[f.sf]]).toEqual([round, f.sf, sent[f.rox]]);
    }
  }
}, 120_000);
