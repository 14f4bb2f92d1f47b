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
    conn = await readyConnection(t, 'echo', (m) => {
      syncing('accounts')(m);
      m.accounts.writebackNewEntities = true;
      // Written on create but not synced: it cannot be compared, and must not make the echo look foreign.
      m.accounts.staticValues.push({ salesforceField: 'Site', value: 'Rox', applyOn: 'create' });
    });
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

  it('marks records the companion created as ownChange, on the feed and on single reads', async () => {
    const changedAt = new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1000).toISOString();
    const res = await submit(t, conn, [
      { type: 'create', object: 'Account', roxId: 'echo-created', changedAt, fields: { name: 'Made By Rox' } },
    ]);
    expect(res.status).toBe(202);
    await drainNow(t, conn);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const byRox = await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/echo-created`);
    expect(byRox.status).toBe(200);
    expect(byRox.json).toMatchObject({ ownChange: true, data: expect.objectContaining({ Name: 'Made By Rox' }) });
    const byId = await t.api('GET', `/v1/connections/${conn}/records/Account/${byRox.json.id}`);
    expect(byId.json).toMatchObject({ id: byRox.json.id, ownChange: true });
    const feed = (await t.api('GET', `/v1/connections/${conn}/records/Account?limit=1000`)).json.records;
    expect(feed.find((r: { id: string }) => r.id === byRox.json.id)).toMatchObject({ ownChange: true });
  });

  it('pairs the Rox id and Salesforce id an update names, so the record reads by its Rox id', async () => {
    const id = t.lo.org.insert('Account', { Name: 'Paired' }, t.lo.org.users.admin.id);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/paired-1`)).status).toBe(404);
    const changedAt = new Date(Math.max(t.lo.org.clock.nowMs(), t.lo.org.clock.lastWriteMs) + 1000).toISOString();
    await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'paired-1', salesforceId: id, changedAt, fields: { phone: '1' } },
    ]);
    await drainNow(t, conn);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const read = await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/paired-1`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id, ownChange: true, data: expect.objectContaining({ Phone: '1' }) });
    // A later update naming another record does not move the pair.
    const other = t.lo.org.insert('Account', { Name: 'Other' }, t.lo.org.users.admin.id);
    const later = new Date(Date.parse(changedAt) + 60_000).toISOString();
    await submit(t, conn, [
      { type: 'update', object: 'Account', roxId: 'paired-1', salesforceId: other, changedAt: later, fields: { phone: '2' } },
    ]);
    await drainNow(t, conn);
    expect((await t.api('GET', `/v1/connections/${conn}/records/Account/by-rox-id/paired-1`)).json.id).toBe(id);
  });
});
