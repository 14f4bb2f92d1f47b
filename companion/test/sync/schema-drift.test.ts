/**
 * A mapped field retyped in Setup (text to number): Salesforce converts the stored values without
 * moving SystemModstamp, so an incremental run alone would keep the old values for ever. The run
 * sees the new type in describe and reads that column again, alone; the rest syncs as usual, and
 * the mappings report the Rox field's type no longer fits (both engines).
 */
import { f } from '../../local-org/src/schema/field-builders.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { syncing } from '../support/sync.js';
import { readyConnection } from '../support/writeback.js';

describe.each(ENGINES)('a retyped field on %s', (engine) => {
  let t: TestCompanion;
  let conn: string;
  beforeAll(async () => {
    t = await startCompanion(
      engine,
      {},
      {
        schema: { customFields: [{ object: 'Account', fields: [f.string('Score__c', 'Score', 20)] }] },
      },
    );
    conn = await readyConnection(t, 'drift', (m) => {
      syncing('accounts')(m);
      m.accounts.customRoxFields.push({ key: 'custom_score', label: 'Score', type: 'string' });
      m.accounts.fieldMappings.push({ roxField: 'custom_score', salesforceField: 'Score__c', mode: 'read_only' });
    });
  });
  afterAll(() => t.close());

  it('reads the retyped column again, alone, and keeps syncing the rest', async () => {
    const owner = t.lo.org.users.integration.id;
    const scored = t.lo.org.insert('Account', { Name: 'Scored', Score__c: '42' }, owner);
    const unscored = t.lo.org.insert('Account', { Name: 'Unscored', Score__c: 'n/a' }, owner);
    const sync = async () =>
      (await t.api('POST', `/v1/connections/${conn}/sync`)).json.objects.find(
        (o: { sobject: string }) => o.sobject === 'Account',
      );
    const record = async (id: string) =>
      (await t.api('GET', `/v1/connections/${conn}/records/Account/${id}`)).json.data;
    await sync();
    expect(await record(scored)).toMatchObject({ Score__c: '42' });
    t.lo.org.clock.advance(10 * 60_000); // past the overlap: the next runs do not re-read these rows
    t.lo.org.insert('Account', { Name: 'Later' }, owner);
    await sync();

    const stamp = t.lo.org.get(scored)!.SystemModstamp;
    t.lo.org.retypeField('Account', f.double('Score__c', 'Score', 18, 0), (v) =>
      Number.isNaN(Number(v)) ? null : Number(v),
    );
    expect(t.lo.org.get(scored)!.SystemModstamp).toBe(stamp);
    const run = await sync();
    expect(run.error).toBeUndefined();
    expect(run.retypedColumns).toEqual(['Score__c']);
    expect(await record(scored)).toMatchObject({ Name: 'Scored', Score__c: 42 });
    expect(await record(unscored)).toMatchObject({ Name: 'Unscored', Score__c: null });
    expect((await sync()).retypedColumns).toBeUndefined(); // once

    const view = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json;
    expect(view.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ sobject: 'Account', field: 'Score__c' })]),
    );
  });
});
