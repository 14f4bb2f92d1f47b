/**
 * Echo suppression: after the companion writes a field back, the sync sees that change come back
 * from Salesforce; it is marked ownChange (last modified by the connected user, values as
 * written). A person's later edit of the same record is a real change again.
 */
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { drainNow, readyConnection, submit } from '../support/writeback.js';

describe.each(ENGINES)('echo suppression on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(engine);
    conn = await readyConnection(t, 'echo', syncing('accounts'));
  });
  afterAll(() => t.close());

  it("marks the companion's own writes as ownChange and a person's edit as a real change", async () => {
    const id = t.lo.org.insert('Account', { Name: 'Echo' }, t.lo.org.users.admin.id);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const changedAt = new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1000).toISOString();
    await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'echo', salesforceId: id, changedAt, fields: { phone: 'FROM ROX' } },
    ]);
    await drainNow(t, conn);
    const after = await t.api('GET', `/v1/connections/${conn}/records/Account?limit=1000`);
    const seq = after.json.records.at(-1).seq;
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const echo = (await t.api('GET', `/v1/connections/${conn}/records/Account?after=${seq}`)).json.records;
    expect(echo).toEqual([
      expect.objectContaining({ id, ownChange: true, data: expect.objectContaining({ Phone: 'FROM ROX' }) }),
    ]);

    t.lo.org.update('Account', id, { Phone: 'FROM A PERSON' }, t.lo.org.users.admin.id);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const real = (await t.api('GET', `/v1/connections/${conn}/records/Account?after=${echo[0].seq}`)).json.records;
    expect(real).toEqual([
      expect.objectContaining({ id, ownChange: false, data: expect.objectContaining({ Phone: 'FROM A PERSON' }) }),
    ]);
  });
});
