/**
 * Formula fields without admin work: Contact.Account_Industry__c is TEXT(Account.Industry) in the
 * local org. Changing the Account's Industry changes the Contact's formula value but not its
 * SystemModstamp — an incremental sync alone never sees it. The companion re-reads the formula
 * columns of the changed parent's children in the same cycle (a couple of calls), the same for a
 * grandparent (Contact.Holding_Name__c is Account.Parent.Name), and the periodic full re-read
 * catches the rest.
 */
import { f } from '../../local-org/src/schema/field-builders.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('formula freshness on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    const holdingName = f.formula('Holding_Name__c', 'Holding Name', 'string', 'Account.Parent.Name', (r, ctx) => {
      const account = typeof r.AccountId === 'string' ? ctx.getById(r.AccountId) : undefined;
      const parent = typeof account?.ParentId === 'string' ? ctx.getById(account.ParentId) : undefined;
      return parent?.Name === undefined ? null : String(parent.Name);
    });
    t = await startCompanion(engine, {}, { schema: { customFields: [{ object: 'Contact', fields: [holdingName] }] } });
    conn = await readyConnection(t, 'formulas', (m) => {
      syncing('accounts', 'contacts')(m);
      m.contacts.customRoxFields.push({ key: 'custom_account_industry', label: 'Account industry', type: 'string' });
      m.contacts.fieldMappings.push({
        roxField: 'custom_account_industry',
        salesforceField: 'Account_Industry__c',
        mode: 'read_only',
      });
      m.contacts.customRoxFields.push({ key: 'custom_holding', label: 'Holding', type: 'string' });
      m.contacts.fieldMappings.push({
        roxField: 'custom_holding',
        salesforceField: 'Holding_Name__c',
        mode: 'read_only',
      });
    });
  });
  afterAll(() => t.close());

  it("re-reads a child's formula when its parent changes, though the child's SystemModstamp does not move", async () => {
    const owner = t.lo.org.users.integration.id;
    const acct = t.lo.org.insert('Account', { Name: 'Formula Co', Industry: 'Energy' }, owner);
    const contact = t.lo.org.insert('Contact', { LastName: 'Formula', AccountId: acct }, owner);
    for (let i = 0; i < 50; i++) t.lo.org.insert('Contact', { LastName: `Other ${i}` }, owner);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const read = async () => (await t.api('GET', `/v1/connections/${conn}/records/Contact/${contact}`)).json.data;
    expect(await read()).toMatchObject({ Account_Industry__c: 'Energy' });
    // Ten minutes later another Contact moves the Contact cursor past the overlap window, so the
    // incremental query alone would not read the first Contact again.
    t.lo.org.clock.advance(10 * 60_000);
    t.lo.org.insert('Contact', { LastName: 'Later' }, owner);
    await t.api('POST', `/v1/connections/${conn}/sync`);

    const stampBefore = t.lo.org.get(contact)!.SystemModstamp;
    t.lo.org.update('Account', acct, { Industry: 'Banking' }, t.lo.org.users.admin.id);
    expect(t.lo.org.get(contact)!.SystemModstamp).toBe(stampBefore);
    t.lo.org.resetUsage();
    const res = await t.api('POST', `/v1/connections/${conn}/sync`);
    const contactRun = res.json.objects.find((o: { sobject: string }) => o.sobject === 'Contact');
    expect(await read()).toMatchObject({ Account_Industry__c: 'Banking' });
    expect(contactRun.formulaCalls).toBe(1); // one query for the children of the one changed Account
  });

  it("re-reads a grandchild's formula when the grandparent it reads changes (Account.Parent.Name)", async () => {
    const owner = t.lo.org.users.integration.id;
    const holding = t.lo.org.insert('Account', { Name: 'Holding A' }, owner);
    const subsidiary = t.lo.org.insert('Account', { Name: 'Subsidiary', ParentId: holding }, owner);
    const contact = t.lo.org.insert('Contact', { LastName: 'Grandchild', AccountId: subsidiary }, owner);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    const read = async () => (await t.api('GET', `/v1/connections/${conn}/records/Contact/${contact}`)).json.data;
    expect(await read()).toMatchObject({ Holding_Name__c: 'Holding A' });
    t.lo.org.clock.advance(10 * 60_000);
    t.lo.org.insert('Contact', { LastName: 'Later still' }, owner);
    await t.api('POST', `/v1/connections/${conn}/sync`);

    // Only the holding changes: neither the subsidiary nor the contact moves its SystemModstamp.
    const stamps = [t.lo.org.get(subsidiary)!.SystemModstamp, t.lo.org.get(contact)!.SystemModstamp];
    t.lo.org.update('Account', holding, { Name: 'Holding B' }, t.lo.org.users.admin.id);
    expect([t.lo.org.get(subsidiary)!.SystemModstamp, t.lo.org.get(contact)!.SystemModstamp]).toEqual(stamps);
    await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(await read()).toMatchObject({ Holding_Name__c: 'Holding B' });
  });

  it('re-reads every formula column periodically (formulas on unsynced parents, TODAY() and the like)', async () => {
    await t.testDb.db.query(
      "UPDATE sync_objects SET formulas_refreshed_at = now() - interval '2 hours' WHERE connection_id = $1 AND sobject = 'Contact'",
      [conn],
    );
    const res = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(res.json.objects.find((o: { sobject: string }) => o.sobject === 'Contact').formulaCalls).toBe(1);
    const again = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(again.json.objects.find((o: { sobject: string }) => o.sobject === 'Contact').formulaCalls).toBe(0);
  });
});
