/**
 * Composite (facts §A9) and replication resources (getDeleted / getUpdated shapes from the REST
 * docs): references between subrequests, allOrNone with PROCESSING_HALTED, one API call per
 * composite request.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, raw, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
let admin: Connection;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  conn = connect(lo);
  admin = connect(lo, 'admin');
});
afterAll(() => lo.close());

type CompositeResponse = {
  compositeResponse: Array<{
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
  }>;
};
const base = `/services/data/v${VERSION}`;

describe('composite', () => {
  it('runs subrequests in order, resolves @{ref.id} and counts as one API call', async () => {
    lo.org.resetUsage();
    const res = (await conn.requestPost('/composite', {
      allOrNone: false,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'refAccount', body: { Name: 'Composite Co' } },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'refContact',
          body: { LastName: 'Comp', AccountId: '@{refAccount.id}' },
        },
        { method: 'GET', url: `${base}/sobjects/Contact/@{refContact.id}?fields=AccountId`, referenceId: 'getContact' },
        {
          method: 'GET',
          url: `${base}/query?q=${encodeURIComponent("SELECT Id FROM Account WHERE Name = 'Composite Co'")}`,
          referenceId: 'q',
        },
      ],
    })) as CompositeResponse;
    const [acct, contact, got, q] = res.compositeResponse;
    expect(acct.httpStatusCode).toBe(201);
    expect(acct.referenceId).toBe('refAccount');
    const accountId = (acct.body as { id: string }).id;
    expect(acct.httpHeaders.Location).toBe(`${base}/sobjects/Account/${accountId}`);
    expect(contact.httpStatusCode).toBe(201);
    expect((got.body as { AccountId: string }).AccountId).toBe(accountId);
    expect((q.body as { totalSize: number }).totalSize).toBe(1);
    expect(lo.org.usageReport()).toMatchObject({ total: 1, byRoute: { composite: 1 } });
  });

  it('allOrNone: the failing subrequest keeps its error, all others answer 400 PROCESSING_HALTED, nothing is written', async () => {
    const res = (await conn.requestPost('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a1', body: { Name: 'Halted One' } },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a2', body: { Industry: 'Energy' } },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'a3', body: { Name: 'Halted Three' } },
      ],
    })) as CompositeResponse;
    const halted = [
      {
        errorCode: 'PROCESSING_HALTED',
        message: 'The transaction was rolled back since another operation in the same transaction failed.',
      },
    ];
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400, 400]);
    expect(res.compositeResponse[0].body).toEqual(halted);
    expect(res.compositeResponse[2].body).toEqual(halted);
    expect((res.compositeResponse[1].body as Array<{ errorCode: string }>)[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(lo.org.query(lo.org.users.admin.id, "SELECT Id FROM Account WHERE Name LIKE 'Halted%'")).toHaveLength(0);
  });

  it('without allOrNone a failure does not undo the others; a reference to it cannot resolve (message UNCONFIRMED)', async () => {
    const res = (await conn.requestPost('/composite', {
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'ok', body: { Name: 'Kept' } },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'bad', body: {} },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'dep',
          body: { LastName: 'x', AccountId: '@{bad.id}' },
        },
      ],
    })) as CompositeResponse;
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 400, 400]);
    expect((res.compositeResponse[2].body as Array<{ errorCode: string }>)[0].errorCode).toBe('PROCESSING_HALTED');
    expect(lo.org.query(lo.org.users.admin.id, "SELECT Id FROM Account WHERE Name = 'Kept'")).toHaveLength(1);
  });

  it('more than 25 subrequests is refused with 400 (error code UNCONFIRMED)', async () => {
    const compositeRequest = Array.from({ length: 26 }, (_, i) => ({
      method: 'GET',
      url: `${base}/limits`,
      referenceId: `r${i}`,
    }));
    const res = await raw(lo, 'POST', `${base}/composite`, {
      token: tokenFor(lo),
      body: JSON.stringify({ compositeRequest }),
    });
    expect(res.status).toBe(400);
    expect(Array.isArray(res.json)).toBe(true);
  });
});

describe('getDeleted and getUpdated', () => {
  it('getDeleted lists deleted ids with deletedDate, earliestDateAvailable and latestDateCovered', async () => {
    const start = new Date(lo.org.clock.nowMs() - 60_000);
    const { id } = (await admin.sobject('Lead').create({ LastName: 'Del', Company: 'c' })) as { id: string };
    await admin.sobject('Lead').destroy(id);
    const end = new Date(lo.org.clock.nowMs() + 120_000);
    const res = await admin.sobject('Lead').deleted(start, end);
    expect(res.deletedRecords).toEqual([
      { id, deletedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/) },
    ]);
    expect(res.earliestDateAvailable).toMatch(/:00\.000\+0000$/);
    expect(res.latestDateCovered).toMatch(/:00\.000\+0000$/);
    expect(Date.parse(res.latestDateCovered)).toBeLessThanOrEqual(end.getTime());
  });

  it('getDeleted still lists a record purged from the recycle bin, until its delete log entry is dropped', async () => {
    const start = new Date(lo.org.clock.nowMs() - 60_000);
    const { id } = (await admin.sobject('Lead').create({ LastName: 'Purged', Company: 'c' })) as { id: string };
    await admin.sobject('Lead').destroy(id);
    expect(lo.org.purgeRecycleBin()).toBeGreaterThanOrEqual(1);
    // Gone for good: queryAll no longer returns it, and it cannot be undeleted.
    const all = await admin.request<{ totalSize: number }>(
      `${base}/queryAll?q=${encodeURIComponent(`SELECT Id FROM Lead WHERE Id = '${id}'`)}`,
    );
    expect(all.totalSize).toBe(0);
    const end = new Date(lo.org.clock.nowMs() + 120_000);
    const res = await admin.sobject('Lead').deleted(start, end);
    expect(res.deletedRecords.map((r) => r.id)).toContain(id);

    lo.org.purgeDeleteLog('Lead', Math.max(lo.org.clock.nowMs(), lo.org.clock.lastWriteMs) + 1);
    const after = await admin.sobject('Lead').deleted(start, end);
    expect(after.deletedRecords.map((r) => r.id)).not.toContain(id);
    expect(Date.parse(after.earliestDateAvailable)).toBeGreaterThan(start.getTime());
  });

  it('getUpdated lists ids changed in the window (seconds truncated) and not deleted ones', async () => {
    const start = new Date(lo.org.clock.nowMs() - 60_000);
    const { id } = (await conn.sobject('Lead').create({ LastName: 'Upd', Company: 'c' })) as { id: string };
    const res = await conn.sobject('Lead').updated(start, new Date(lo.org.clock.nowMs() + 120_000));
    expect(res.ids).toContain(id);
    expect(res.latestDateCovered).toMatch(/:00\.000\+0000$/);
  });

  it('a start after the end: 400 INVALID_REPLICATION_DATE (text UNCONFIRMED)', async () => {
    const res = await raw(
      lo,
      'GET',
      `${base}/sobjects/Lead/updated/?start=2026-01-02T00%3A00%3A00%2B00%3A00&end=2026-01-01T00%3A00%3A00%2B00%3A00`,
      { token: tokenFor(lo) },
    );
    expect(res.status).toBe(400);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe('INVALID_REPLICATION_DATE');
  });
});
