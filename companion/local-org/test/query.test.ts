/**
 * Query, queryAll and locators through jsforce (facts §A4): first page of 2000, nextRecordsUrl
 * `/services/data/vXX.X/query/<locator>-<offset>` (also for queryAll), queryMore, autoFetch,
 * Sforce-Query-Options batch sizes, INVALID_QUERY_LOCATOR, `+` / `%20` decoding, deleted and
 * archived rows, FLS in SOQL, and formula values that change without SystemModstamp moving.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { generateBenchmarkData } from '../src/seed/generators.js';
import { VERSION, connect, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
const TOTAL = 4500;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  generateBenchmarkData(lo.org, { accounts: TOTAL, contacts: 10 });
  conn = connect(lo);
});
afterAll(() => lo.close());

const q = (soql: string) => `/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}`;

describe('paging', () => {
  it('the first page holds 2000 records, done=false and a /query/<locator>-2000 nextRecordsUrl', async () => {
    const res = await raw(lo, 'GET', q('SELECT Id, Name FROM Account'), { token: tokenFor(lo) });
    const body = res.json as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(body.totalSize).toBe(TOTAL);
    expect(body.done).toBe(false);
    expect(body.records).toHaveLength(2000);
    expect(body.nextRecordsUrl).toMatch(
      new RegExp(`^/services/data/v${VERSION.replace('.', '\\.')}/query/0r8[A-Za-z0-9]{15}-2000$`),
    );
    expect(Object.keys(body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
  });

  it('jsforce returns only the first batch by default, then queryMore walks the locator to the end', async () => {
    const first = await conn.query<{ Id: string }>('SELECT Id FROM Account');
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    const second = await conn.queryMore(first.nextRecordsUrl!);
    expect(second.records).toHaveLength(2000);
    expect(second.done).toBe(false);
    const third = await conn.queryMore(second.nextRecordsUrl!);
    expect(third.records).toHaveLength(500);
    expect(third.done).toBe(true);
    const ids = new Set([...first.records, ...second.records, ...third.records].map((r) => r.Id));
    expect(ids.size).toBe(TOTAL);
  });

  it('autoFetch collects every page', async () => {
    const records: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      conn
        .query('SELECT Id FROM Account')
        .on('record', (r) => records.push(r))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10000 });
    });
    expect(records).toHaveLength(TOTAL);
  });

  it('Sforce-Query-Options: batchSize=500 makes pages of 500', async () => {
    const res = await raw(lo, 'GET', q('SELECT Id FROM Account'), {
      token: tokenFor(lo),
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    const body = res.json as { records: unknown[]; nextRecordsUrl: string };
    expect(body.records).toHaveLength(500);
    expect(body.nextRecordsUrl.endsWith('-500')).toBe(true);
  });

  it('a batch size below 200 is raised to the 200 minimum (UNCONFIRMED: the org may also reject it)', async () => {
    const res = await raw(lo, 'GET', q('SELECT Id FROM Account'), {
      token: tokenFor(lo),
      headers: { 'Sforce-Query-Options': 'batchSize=10' },
    });
    expect((res.json as { records: unknown[] }).records).toHaveLength(200);
  });

  it('queryAll pages through /query/ too', async () => {
    const res = await raw(
      lo,
      'GET',
      `/services/data/v${VERSION}/queryAll?q=${encodeURIComponent('SELECT Id FROM Account')}`,
      { token: tokenFor(lo) },
    );
    expect((res.json as { nextRecordsUrl: string }).nextRecordsUrl).toMatch(/\/query\/0r8[A-Za-z0-9]{15}-2000$/);
  });

  it('an unknown or expired locator: INVALID_QUERY_LOCATOR (status 400 UNCONFIRMED)', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/query/0r85g0000000XYZAAA-2000`, {
      token: tokenFor(lo),
    });
    expect(res.status).toBe(400);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    const first = await conn.query('SELECT Id FROM Account');
    lo.org.expireQueryLocators();
    const err = await rejection(conn.queryMore(first.nextRecordsUrl!));
    expect(err.errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  it('decodes both + and %20 as spaces in q', async () => {
    const plus = await raw(lo, 'GET', `/services/data/v${VERSION}/query?q=SELECT+COUNT()+FROM+Account`, {
      token: tokenFor(lo),
    });
    const pct = await raw(lo, 'GET', `/services/data/v${VERSION}/query?q=SELECT%20COUNT()%20FROM%20Account`, {
      token: tokenFor(lo),
    });
    expect(plus.json).toEqual({ totalSize: TOTAL, done: true, records: [] });
    expect(pct.json).toEqual(plus.json);
  });

  it('a SOQL syntax error: 400 MALFORMED_QUERY with the positioned message', async () => {
    const err = await rejection(conn.query('SELECT Id FROM'));
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain('ERROR at Row:1:Column:');
  });

  it.each([
    ['60.0', 'INVALID_QUERY_FILTER_OPERATOR'],
    [VERSION, 'MALFORMED_QUERY'],
  ])(
    'a malformed Id literal over REST at API %s: 400 %s "invalid ID field: 001xyz" at the literal (code switch at 61.0 UNCONFIRMED)',
    async (version, code) => {
      const soql = "SELECT Id FROM Account WHERE Id = '001xyz'";
      const res = await raw(lo, 'GET', `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`, {
        token: tokenFor(lo),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual([
        {
          errorCode: code,
          message: `\n${soql}\n${' '.repeat(34)}^\nERROR at Row:1:Column:35\ninvalid ID field: 001xyz`,
        },
      ]);
    },
  );

  it('a missing q: MALFORMED_QUERY (text UNCONFIRMED)', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/query`, { token: tokenFor(lo) });
    expect(res.status).toBe(400);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('deleted and archived rows', () => {
  it('query hides a deleted record, queryAll returns it with IsDeleted = true', async () => {
    const admin = connect(lo, 'admin');
    const [row] = (await conn.query<{ Id: string }>("SELECT Id FROM Account WHERE Name LIKE '%B7'")).records;
    await admin.sobject('Account').destroy(row.Id);
    const soql = `SELECT Id, IsDeleted FROM Account WHERE Id = '${row.Id}'`;
    expect((await conn.query(soql)).totalSize).toBe(0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(soql).scanAll(true);
    expect(all.records).toEqual([{ attributes: expect.any(Object), Id: row.Id, IsDeleted: true }]);
  });

  it('archived Tasks are hidden from query and returned by queryAll', async () => {
    const { id } = (await conn.sobject('Task').create({ Subject: 'Archive me', Status: 'Completed' })) as {
      id: string;
    };
    lo.org.store.put('Task', { ...lo.org.get(id)!, IsArchived: true });
    expect((await conn.query(`SELECT Id FROM Task WHERE Id = '${id}'`)).totalSize).toBe(0);
    expect((await conn.query(`SELECT Id FROM Task WHERE Id = '${id}'`).scanAll(true)).totalSize).toBe(1);
  });
});

describe('visibility in SOQL', () => {
  it('a field hidden by FLS is INVALID_FIELD for the integration user and readable by the admin', async () => {
    const err = await rejection(conn.query('SELECT Id, Type FROM Task'));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toContain("No such column 'Type' on entity 'Task'");
    await expect(connect(lo, 'admin').query('SELECT Id, Type FROM Task')).resolves.toBeDefined();
  });

  it('a package field without a permission set is invisible even to System Administrator', async () => {
    const err = await rejection(connect(lo, 'admin').query('SELECT RoxAI__RoxActivityId__c FROM Task'));
    expect(err.errorCode).toBe('INVALID_FIELD');
    await expect(conn.query('SELECT RoxAI__RoxActivityId__c FROM Task')).resolves.toBeDefined();
  });

  it('setup objects that need View Setup: readable by the integration user, INVALID_TYPE for a user without it', async () => {
    const rows = await conn.query<{ PermissionSet: { Name: string; NamespacePrefix: string } }>(
      `SELECT PermissionSet.Name, PermissionSet.NamespacePrefix FROM PermissionSetAssignment WHERE AssigneeId = '${lo.org.users.integration.id}' AND PermissionSet.IsOwnedByProfile = false`,
    );
    expect(rows.records.map((r) => `${r.PermissionSet.NamespacePrefix}__${r.PermissionSet.Name}`)).toEqual([
      'RoxAI__Rox_Integration_User_Access',
    ]);
    const err = await rejection(connect(lo, 'salesRep').query('SELECT Id FROM PermissionSetAssignment'));
    expect(err.errorCode).toBe('INVALID_TYPE');
  });

  it('UserPermissionAccess returns one aggregated row for the caller', async () => {
    const res = await conn.query<Record<string, boolean>>(
      'SELECT PermissionsApiEnabled, PermissionsActivitiesAccess, PermissionsEditTask, PermissionsViewSetup, PermissionsModifyAllData FROM UserPermissionAccess',
    );
    expect(res.totalSize).toBe(1);
    const r = res.records[0];
    expect([
      r.PermissionsApiEnabled,
      r.PermissionsActivitiesAccess,
      r.PermissionsEditTask,
      r.PermissionsViewSetup,
      r.PermissionsModifyAllData,
    ]).toEqual([true, true, true, true, false]);
  });
});

describe('formula fields read through a parent', () => {
  it("a parent's change alters the child's formula value but not the child's SystemModstamp or LastModifiedDate", async () => {
    const admin = connect(lo, 'admin');
    const acct = (await admin.sobject('Account').create({ Name: 'Parent', Industry: 'Energy' })) as { id: string };
    const contact = (await admin.sobject('Contact').create({ LastName: 'Child', AccountId: acct.id })) as {
      id: string;
    };
    const soql = `SELECT Account_Industry__c, SystemModstamp, LastModifiedDate FROM Contact WHERE Id = '${contact.id}'`;
    const before = (await admin.query<Record<string, string>>(soql)).records[0];
    expect(before.Account_Industry__c).toBe('Energy');
    await admin.sobject('Account').update({ Id: acct.id, Industry: 'Banking' });
    const after = (await admin.query<Record<string, string>>(soql)).records[0];
    expect(after.Account_Industry__c).toBe('Banking');
    expect(after.SystemModstamp).toBe(before.SystemModstamp);
    expect(after.LastModifiedDate).toBe(before.LastModifiedDate);
    const updated = await admin
      .sobject('Contact')
      .updated(
        new Date(Date.parse(before.SystemModstamp) + 60000).toISOString(),
        new Date(Date.now() + 120000).toISOString(),
      );
    expect(updated.ids).not.toContain(contact.id);
  });
});

describe('SOQL clauses over REST (soql-clauses.ts)', () => {
  it('USING SCOPE mine returns only the records the session user owns', async () => {
    const admin = connect(lo, 'admin');
    const mine = (await admin.sobject('Account').create({ Name: 'Scoped Mine' })) as { id: string };
    const res = await admin.query<{ Id: string; OwnerId: string }>(
      "SELECT Id, OwnerId FROM Account USING SCOPE mine WHERE Name LIKE 'Scoped%'",
    );
    expect(res.records.map((r) => r.Id)).toEqual([mine.id]);
    expect(res.records[0].OwnerId).toBe(lo.org.users.admin.id);
    const theirs = await conn.query("SELECT Id FROM Account USING SCOPE mine WHERE Name LIKE 'Scoped%'");
    expect(theirs.totalSize).toBe(0);
    expect(
      (await conn.query("SELECT Id FROM Account USING SCOPE everything WHERE Name LIKE 'Scoped%'")).totalSize,
    ).toBe(1);
  });

  it('FOR VIEW marks the returned records recently viewed for the session user (REST docs, Mark Records as Recently Viewed)', async () => {
    const userId = lo.org.users.integration.id;
    lo.org.recentlyViewed.clear(userId);
    const res = await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Name LIMIT 2 FOR VIEW');
    expect(res.totalSize).toBe(2);
    const viewed = lo.org.recentlyViewed.entries(userId).map((e) => e.id);
    expect(viewed.sort()).toEqual(res.records.map((r) => r.Id).sort());
    await conn.query('SELECT Id FROM Contact LIMIT 1 FOR REFERENCE');
    expect(lo.org.recentlyViewed.entries(userId)[0].objectName).toBe('Contact');
    lo.org.recentlyViewed.clear(userId);
    await conn.query('SELECT Id FROM Account LIMIT 2');
    expect(lo.org.recentlyViewed.entries(userId)).toEqual([]);
  });

  it('FIELDS(ALL) without LIMIT 200 answers MALFORMED_QUERY; WITH USER_MODE is accepted', async () => {
    const err = await rejection(conn.query('SELECT FIELDS(ALL) FROM Account LIMIT 500'));
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain('The SOQL FIELDS function must have a LIMIT of at most 200');
    const ok = await conn.query<Record<string, unknown>>('SELECT FIELDS(STANDARD) FROM Account WITH USER_MODE LIMIT 1');
    expect(ok.records[0]).toHaveProperty('Name');
  });
});
