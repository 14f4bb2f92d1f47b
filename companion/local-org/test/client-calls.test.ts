/**
 * REST calls client libraries make besides CRUD and query (facts §A13), through jsforce where it has
 * a method: Record Count, Recently Viewed Items (also sObject Basic Information's recentItems), Tabs
 * and Query Performance Feedback (`explain`). Each needs a session and counts against API usage.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
let admin: Connection;

type CountBody = { sObjects: Array<{ count: number; name: string }> };
type Plan = {
  cardinality: number;
  fields: string[];
  leadingOperationType: string;
  notes: unknown[];
  relativeCost: number;
  sobjectCardinality: number;
  sobjectType: string;
};

beforeAll(async () => {
  lo = await startOrg();
  conn = connect(lo);
  admin = connect(lo, 'admin');
});
afterAll(() => lo.close());
beforeEach(() => lo.org.recentlyViewed.clear());

async function soqlCount(object: string): Promise<number> {
  return (await admin.query(`SELECT COUNT() FROM ${object}`)).totalSize;
}

describe('GET /limits/recordCount', () => {
  it('answers {sObjects: [{count, name}]} for the listed objects, in the order asked', async () => {
    const body = await conn.request<CountBody>('/limits/recordCount?sObjects=Account,Contact');
    expect(body).toEqual({
      sObjects: [
        { count: await soqlCount('Account'), name: 'Account' },
        { count: await soqlCount('Contact'), name: 'Contact' },
      ],
    });
    expect(body.sObjects[0].count).toBeGreaterThan(0);
  });

  it('leaves out records in the recycle bin', async () => {
    const before = (await conn.request<CountBody>('/limits/recordCount?sObjects=Account')).sObjects[0].count;
    const [a, b] = (await conn.sobject('Account').create([{ Name: 'rc-1' }, { Name: 'rc-2' }])) as Array<{
      id: string;
    }>;
    await admin.sobject('Account').destroy(b.id);
    const after = (await conn.request<CountBody>('/limits/recordCount?sObjects=Account')).sObjects[0].count;
    expect(after).toBe(before + 1);
    expect(a.id).toBeDefined();
  });

  it('ignores an object the org does not have; without sObjects it lists every object', async () => {
    const some = await conn.request<CountBody>('/limits/recordCount?sObjects=NoSuch__c,Lead');
    expect(some.sObjects.map((o) => o.name)).toEqual(['Lead']);
    const all = await conn.request<CountBody>('/limits/recordCount');
    const names = all.sObjects.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Contact', 'Lead', 'Opportunity', 'User']));
    expect(names.length).toBe(lo.org.schema.all().length);
    for (const o of all.sObjects) expect(Number.isInteger(o.count)).toBe(true);
  });

  it('needs View Setup and Configuration (UNCONFIRMED error: 403 INSUFFICIENT_ACCESS)', async () => {
    const err = await rejection(connect(lo, 'salesRep').request('/limits/recordCount?sObjects=Account'));
    expect(err.errorCode).toBe('INSUFFICIENT_ACCESS');
  });
});

describe('GET /recent', () => {
  it('lists records the user retrieved by Id, newest first, as {attributes, Id, Name}; ?limit= caps it', async () => {
    const [a, b] = (await conn.sobject('Account').create([{ Name: 'Recent A' }, { Name: 'Recent B' }])) as Array<{
      id: string;
    }>;
    expect(await conn.recent()).toEqual([]);
    await conn.sobject('Account').retrieve(a.id);
    await conn.sobject('Account').retrieve(b.id);
    await conn.sobject('Account').retrieve(a.id);
    const url = (id: string) => `/services/data/v${VERSION}/sobjects/Account/${id}`;
    expect(await conn.recent()).toEqual([
      { attributes: { type: 'Account', url: url(a.id) }, Id: a.id, Name: 'Recent A' },
      { attributes: { type: 'Account', url: url(b.id) }, Id: b.id, Name: 'Recent B' },
    ]);
    expect(((await conn.recent(1)) as Array<{ Id: string }>).map((r) => r.Id)).toEqual([a.id]);
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/recent/?limit=1`, { token: conn.accessToken! });
    expect((res.json as unknown[]).length).toBe(1);
  });

  it('sObject Basic Information carries the same items for that object (jsforce recent(type))', async () => {
    const [acc] = (await conn.sobject('Account').create([{ Name: 'Basic A' }])) as Array<{ id: string }>;
    const [con] = (await conn.sobject('Contact').create([{ LastName: 'Basic C' }])) as Array<{ id: string }>;
    await conn.sobject('Account').retrieve(acc.id);
    await conn.sobject('Contact').retrieve(con.id);
    const items = (await conn.recent('Account')) as Array<{ Id: string; Name: string }>;
    expect(items.map((r) => [r.Id, r.Name])).toEqual([[acc.id, 'Basic A']]);
  });

  it("shows only the caller's own views, of records that still exist and objects the user can see", async () => {
    const [a, b] = (await conn.sobject('Account').create([{ Name: 'Mine' }, { Name: 'Gone' }])) as Array<{
      id: string;
    }>;
    await conn.sobject('Account').retrieve(a.id);
    await conn.sobject('Account').retrieve(b.id);
    await admin.sobject('Account').destroy(b.id);
    expect(((await conn.recent()) as Array<{ Id: string }>).map((r) => r.Id)).toEqual([a.id]);
    expect(await admin.recent()).toEqual([]);
    // A record of an object the sales rep cannot read, marked viewed by them: not listed.
    const rep = connect(lo, 'salesRep');
    const repSees = new Set((await rep.describeGlobal()).sobjects.map((s) => s.name));
    let hidden: { object: string; id: string } | undefined;
    for (const o of lo.org.schema.all()) {
      if (repSees.has(o.name) || !o.queryable) continue;
      const row = [...lo.org.store.scan(o.name)].find((r) => r.IsDeleted !== true);
      if (row) hidden = { object: o.name, id: row.Id };
      if (hidden) break;
    }
    expect(hidden).toBeDefined();
    lo.org.recentlyViewed.markViewed(lo.org.users.salesRep.id, hidden!.object, hidden!.id);
    lo.org.recentlyViewed.markViewed(lo.org.users.salesRep.id, 'Account', a.id);
    expect(((await rep.recent()) as Array<{ Id: string }>).map((r) => r.Id)).toEqual([a.id]);
  });

  it('keeps at most 200 entries per user', () => {
    for (let i = 0; i < 205; i++) lo.org.recentlyViewed.markViewed('005x', 'Account', `id${i}`);
    const entries = lo.org.recentlyViewed.entries('005x');
    expect(entries.length).toBe(200);
    expect(entries[0].id).toBe('id204');
  });
});

describe('GET /tabs', () => {
  it('lists the standard object tabs with the documented members (Account colours as in the doc)', async () => {
    const tabs = (await admin.tabs()) as Array<Record<string, unknown>>;
    const acc = tabs.find((t) => t.sobjectName === 'Account')!;
    expect(acc).toMatchObject({
      custom: false,
      label: 'Accounts',
      name: 'standard-Account',
      sobjectName: 'Account',
      colors: [
        { color: '6f7ccb', context: 'primary', theme: 'theme4' },
        { color: '236FBD', context: 'primary', theme: 'theme3' },
      ],
    });
    expect(acc.iconUrl).toBe(`${lo.instanceUrl}/img/icon/accounts32.png`);
    expect(acc.miniIconUrl).toBe(`${lo.instanceUrl}/img/icon/accounts16.png`);
    expect(acc.url).toBe(`${lo.instanceUrl}/001/o`);
    for (const icon of acc.icons as Array<Record<string, unknown>>)
      expect(Object.keys(icon).sort()).toEqual(['contentType', 'height', 'theme', 'url', 'width']);
    expect(tabs.map((t) => t.sobjectName)).toEqual(expect.arrayContaining(['Contact', 'Lead', 'Opportunity']));
  });

  it('lists only tabs of objects the user can read', async () => {
    const tabs = (await conn.tabs()) as Array<{ sobjectName: string }>;
    const { sobjects } = await conn.describeGlobal();
    const visible = new Set(sobjects.map((s) => s.name));
    for (const t of tabs) expect(visible.has(t.sobjectName)).toBe(true);
    const adminTabs = (await admin.tabs()) as Array<{ sobjectName: string }>;
    const hidden = adminTabs.filter((t) => !visible.has(t.sobjectName));
    expect(tabs.length).toBe(adminTabs.length - hidden.length);
  });
});

describe('GET /query?explain=', () => {
  it('a query without an Id filter: one TableScan plan with the row counts (jsforce Query#explain)', async () => {
    const n = await soqlCount('Account');
    const res = (await conn.query('SELECT Id, Name FROM Account').explain()) as { plans: Plan[] };
    expect(res).toEqual({
      plans: [
        {
          cardinality: n,
          fields: [],
          leadingOperationType: 'TableScan',
          notes: [],
          relativeCost: 1,
          sobjectCardinality: n,
          sobjectType: 'Account',
        },
      ],
    });
  });

  it('a filter on Id: an Index plan on Id first (cost 0), then the TableScan', async () => {
    const [a] = (await conn.sobject('Account').create([{ Name: 'Explain me' }])) as Array<{ id: string }>;
    const n = await soqlCount('Account');
    const res = (await conn.query(`SELECT Name FROM Account WHERE Id = '${a.id}' AND Name != null`).explain()) as {
      plans: Plan[];
    };
    expect(res.plans.map((p) => [p.leadingOperationType, p.fields, p.cardinality, p.relativeCost])).toEqual([
      ['Index', ['Id'], 1, 0],
      ['TableScan', [], 1, 1],
    ]);
    for (const p of res.plans) expect(p.sobjectCardinality).toBe(n);
    const or = (await conn.query(`SELECT Name FROM Account WHERE Id = '${a.id}' OR Name = 'x'`).explain()) as {
      plans: Plan[];
    };
    expect(or.plans.map((p) => p.leadingOperationType)).toEqual(['TableScan']);
  });

  it('does not run the query; bad SOQL → MALFORMED_QUERY, a report or list view Id → INVALID_ID', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/query/?explain=SELECT+Id+FROM+Contact`, {
      token: tokenFor(lo),
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json as object)).toEqual(['plans']);
    expect((await rejection(conn.request('/query/?explain=SELECT+FROM+Account'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await rejection(conn.request('/query/?explain=00OD0000001ZbP7MAK'))).errorCode).toBe('INVALID_ID');
  });
});

describe('session and API usage', () => {
  it.each([
    ['/limits/recordCount?sObjects=Account', 'recordCount'],
    ['/recent', 'recent'],
    ['/tabs', 'tabs'],
    ['/query?explain=SELECT+Id+FROM+Account', 'query'],
  ])('%s needs a session (401 INVALID_SESSION_ID) and counts as one %s call', async (path, kind) => {
    const url = `/services/data/v${VERSION}${path}`;
    const noSession = await raw(lo, 'GET', url, { token: 'bad' });
    expect(noSession.status).toBe(401);
    expect(noSession.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    lo.org.resetUsage();
    const res = await raw(lo, 'GET', url, { token: tokenFor(lo) });
    expect(res.status).toBe(200);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=1\//);
    expect(lo.org.usageReport()).toMatchObject({ total: 1, byRoute: { [kind]: 1 } });
  });
});
