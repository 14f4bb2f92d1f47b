/**
 * One sync run per connection across instances sharing the database (both engines): while one
 * instance's run holds the connection's lease, another instance's run is refused with 409 and
 * says who holds it; once the run ends the lease is free, and a lease whose holder died (expired)
 * is taken over.
 */
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing, syncService } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('sync lease on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'leased', syncing('accounts'));
    t.lo.org.insert('Account', { Name: 'Leased' }, t.lo.org.users.integration.id);
  });
  afterAll(() => t.close());

  it('refuses a second run of the same connection while the first holds it, from another instance', async () => {
    const other = syncService(t, { bulkThreshold: Number.MAX_SAFE_INTEGER }); // another instance
    t.lo.org.addFault({ kind: 'latency', route: ['query', 'queryAll'], method: 'GET', latencyMs: 600, count: 1 });
    const first = other.runConnection(conn);
    await new Promise((r) => setTimeout(r, 150));
    const second = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(second.status).toBe(409);
    expect(second.json.error.message).toMatch(/already running \(.+, since .+\)/);
    const [run] = await first;
    expect(run.error).toBeUndefined();
    t.lo.org.clearFaults();
    expect((await t.api('POST', `/v1/connections/${conn}/sync`)).status).toBe(200); // free again
  });

  it('takes over a lease whose holder died (expired)', async () => {
    await t.testDb.db.query(
      "INSERT INTO sync_leases (connection_id, holder, expires_at) VALUES ($1, 'dead-instance', now() - interval '1 minute')",
      [conn],
    );
    expect((await t.api('POST', `/v1/connections/${conn}/sync`)).status).toBe(200);
    await t.testDb.db.query(
      "INSERT INTO sync_leases (connection_id, holder, expires_at) VALUES ($1, 'live-instance', now() + interval '5 minutes')",
      [conn],
    );
    const refused = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/live-instance/);
  });
});
