/**
 * OpportunityLineItem and Product2 have no tab of their own; they are mapped in customObjects like
 * a custom object and synced with the rest, each switched on or off (both engines).
 */
import type { CrmMappings } from '../../src/mappings/index.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { ENGINES } from '../support/engines.js';
import { startCompanion, type TestCompanion } from '../support/companion.js';
import { readyConnection } from '../support/writeback.js';

type CustomObject = NonNullable<CrmMappings['customObjects']>[number];

/** A read-only tab: each [Rox key, Salesforce field, Rox type]. */
function readOnlyTab(sobject: string, fields: Array<[string, string, 'string' | 'number']>): CustomObject {
  return {
    sobject,
    sync: true,
    writebackNewEntities: false,
    customRoxFields: fields.map(([key, sf, type]) => ({ key, label: sf, type })),
    fieldMappings: fields.map(([key, sf]) => ({ roxField: key, salesforceField: sf, mode: 'read_only' as const })),
    staticValues: [],
  };
}

describe.each(ENGINES)('line items and products on %s', (engine) => {
  let t: TestCompanion;
  beforeAll(async () => {
    t = await startCompanion(
      engine,
      {},
      { crmSeed: { accounts: 10, leads: 5, opportunities: 20, tasks: 5, events: 5 } },
    ); // products, price books, line items
  });
  afterAll(() => t.close());

  it('syncs OpportunityLineItem and Product2 with their mapped fields, and only while switched on', async () => {
    const products = readOnlyTab('Product2', [
      ['custom_name', 'Name', 'string'],
      ['custom_code', 'ProductCode', 'string'],
    ]);
    const lineItems = readOnlyTab('OpportunityLineItem', [
      ['custom_opportunity', 'OpportunityId', 'string'],
      ['custom_product', 'Product2Id', 'string'],
      ['custom_quantity', 'Quantity', 'number'],
    ]);
    const conn = await readyConnection(t, 'catalogue', (m) => {
      m.customObjects = [products, lineItems];
    });
    const res = await t.api('POST', `/v1/connections/${conn}/sync`);
    expect(res.status).toBe(200);
    const runs = res.json.objects as Array<{ sobject: string; rows: number; error?: string }>;
    const run = (sobject: string) => runs.find((o) => o.sobject === sobject);
    const admin = t.lo.org.users.admin.id;
    const items = t.lo.org.query(admin, 'SELECT Id, OpportunityId, Product2Id, Quantity FROM OpportunityLineItem');
    const catalogue = t.lo.org.query(admin, 'SELECT Id FROM Product2');
    expect(items.length).toBeGreaterThan(0);
    expect(run('OpportunityLineItem')).toMatchObject({ rows: items.length });
    expect(run('Product2')).toMatchObject({ rows: catalogue.length });
    const item = await new SyncStore(t.testDb.db).get(conn, 'OpportunityLineItem', String(items[0].Id));
    expect(item?.data).toMatchObject({
      OpportunityId: items[0].OpportunityId,
      Product2Id: items[0].Product2Id,
      Quantity: items[0].Quantity,
    });
    expect(Object.keys(item!.data)).not.toContain('UnitPrice'); // unmapped fields are not pulled

    // Product2 switched off: the next run leaves it alone.
    const saved = await t.api('PUT', `/v1/connections/${conn}/mappings`, {
      body: {
        ...(await t.api('GET', `/v1/connections/${conn}/mappings`)).json.config,
        customObjects: [{ ...products, sync: false }, lineItems],
      },
    });
    expect(saved.status).toBe(200);
    const again = (await t.api('POST', `/v1/connections/${conn}/sync`)).json.objects as Array<{ sobject: string }>;
    expect(again.map((o) => o.sobject)).toEqual(expect.arrayContaining(['OpportunityLineItem']));
    expect(again.map((o) => o.sobject)).not.toContain('Product2');
  });

  it('refuses an object that is neither custom nor a mappable standard object, and says which are', async () => {
    const conn = await readyConnection(t, 'refused');
    const config = (await t.api('GET', `/v1/connections/${conn}/mappings`)).json.config as CrmMappings;
    const res = await t.api('PUT', `/v1/connections/${conn}/mappings`, {
      body: { ...config, customObjects: [readOnlyTab('Pricebook2', [])] },
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/customObjects/);
    expect(res.text).toMatch(/ending in __c, or OpportunityLineItem or Product2/);
  });
});
