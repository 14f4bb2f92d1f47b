/**
 * Upsert by external ID (facts §A6): 201 created, 200 with created:false from API 46.0 (204
 * below), 300 with the matching record URLs on several matches (jsforce: MULTIPLE_CHOICES),
 * updateOnly, unknown external ID fields, and Collections upsert on Task and Event.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  conn = connect(lo);
});
afterAll(() => lo.close());

const FIELD = 'RoxAI__RoxActivityId__c';

describe('single upsert', () => {
  it('creates (201, created:true) then updates (200, created:false) the same Task', async () => {
    const created = (await conn
      .sobject('Task')
      .upsert({ Subject: 'Email sent', TaskSubtype: 'Email', [FIELD]: 'act-1' }, FIELD)) as Record<string, unknown>;
    expect(created).toEqual({ id: expect.stringMatching(/^00T/), success: true, errors: [], created: true });
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/sobjects/Task/${FIELD}/act-1`, {
      token: tokenFor(lo),
      body: JSON.stringify({ Subject: 'Email resent' }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: created.id, success: true, errors: [], created: false });
    expect(lo.org.get(created.id as string)?.Subject).toBe('Email resent');
  });

  it('answers 204 without a body for an update below API 46.0', async () => {
    await conn.sobject('Task').upsert({ Subject: 'Old API', [FIELD]: 'act-old' }, FIELD);
    const res = await raw(lo, 'PATCH', `/services/data/v45.0/sobjects/Task/${FIELD}/act-old`, {
      token: tokenFor(lo),
      body: JSON.stringify({ Subject: 'Old API 2' }),
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const old = connect(lo, 'integration', '45.0');
    expect(await old.sobject('Task').upsert({ Subject: 'Old API 3', [FIELD]: 'act-old' }, FIELD)).toEqual({
      success: true,
      errors: [],
    });
  });

  it('upserts Events on the same Activity field (RoxActivityId is on both Task and Event)', async () => {
    const ev = (await conn
      .sobject('Event')
      .upsert(
        { Subject: 'Demo', StartDateTime: '2026-02-01T15:00:00Z', DurationInMinutes: 30, [FIELD]: 'mtg-1' },
        FIELD,
      )) as Record<string, unknown>;
    expect(ev.created).toBe(true);
    expect(String(ev.id).startsWith('00U')).toBe(true);
  });

  it('several matches: 300 with the record URLs; jsforce throws MULTIPLE_CHOICES "Multiple records found"', async () => {
    const obj = 'RoxAI__ID_Mapping__c';
    const ids = [];
    for (const k of ['m1', 'm2']) {
      ids.push(
        (
          (await conn
            .sobject(obj)
            .create({ RoxAI__Rox_Entity_Id__c: k, RoxAI__Salesforce_Record_Id__c: '001SAME' })) as { id: string }
        ).id,
      );
    }
    const res = await raw(
      lo,
      'PATCH',
      `/services/data/v${VERSION}/sobjects/${obj}/RoxAI__Salesforce_Record_Id__c/001SAME`,
      { token: tokenFor(lo), body: '{}' },
    );
    expect(res.status).toBe(300);
    expect(res.json).toEqual(ids.map((id) => `/services/data/v${VERSION}/sobjects/${obj}/${id}`));
    const err = await rejection(
      conn
        .sobject(obj)
        .upsert(
          { RoxAI__Salesforce_Record_Id__c: '001SAME', RoxAI__Match_Reason__c: 'x' },
          'RoxAI__Salesforce_Record_Id__c',
        ),
    );
    expect(err.errorCode).toBe('MULTIPLE_CHOICES');
    expect(err.message).toBe('Multiple records found');
    expect(err.data).toEqual(res.json);
  });

  it('updateOnly=true with no match does not create (404 NOT_FOUND, UNCONFIRMED body)', async () => {
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/sobjects/Task/${FIELD}/nope?updateOnly=true`, {
      token: tokenFor(lo),
      body: '{"Subject":"x"}',
    });
    expect(res.status).toBe(404);
    expect(lo.org.query(lo.org.users.admin.id, `SELECT Id FROM Task WHERE Subject = 'x'`)).toHaveLength(0);
  });

  it('an unknown or non-external-ID field: 404 NOT_FOUND "Provided external ID field does not exist or is not accessible: <field>"', async () => {
    for (const field of ['Bogus__c', 'Subject']) {
      const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/sobjects/Task/${field}/v1`, {
        token: tokenFor(lo),
        body: '{}',
      });
      expect(res.status).toBe(404);
      expect(res.json).toEqual([
        { message: `Provided external ID field does not exist or is not accessible: ${field}`, errorCode: 'NOT_FOUND' },
      ]);
    }
  });

  it('GET by external ID returns the record', async () => {
    await conn.sobject('Task').upsert({ Subject: 'Find me', [FIELD]: 'act-find' }, FIELD);
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/sobjects/Task/${FIELD}/act-find`, {
      token: tokenFor(lo),
    });
    expect(res.status).toBe(200);
    expect((res.json as Record<string, unknown>).Subject).toBe('Find me');
  });

  it('POST /sobjects/{T}/Id creates a record', async () => {
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/sobjects/Account/Id`, {
      token: tokenFor(lo),
      body: '{"Name":"Via Id"}',
    });
    expect(res.status).toBe(201);
    expect((res.json as { created: boolean }).created).toBe(true);
  });
});

describe('collections upsert', () => {
  it('creates and updates in one call with created flags in order', async () => {
    await conn.sobject('Task').upsert({ Subject: 'Existing', [FIELD]: 'bulk-1' }, FIELD);
    const res = (await conn.sobject('Task').upsert(
      [
        { Subject: 'Updated', [FIELD]: 'bulk-1' },
        { Subject: 'New', [FIELD]: 'bulk-2' },
      ],
      FIELD,
    )) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ id: expect.stringMatching(/^00T/), success: true, errors: [], created: false });
    expect(res[1]).toEqual({ id: expect.stringMatching(/^00T/), success: true, errors: [], created: true });
  });

  it('the same external ID twice in one call fails both records with DUPLICATE_EXTERNAL_ID (UNCONFIRMED text)', async () => {
    const res = (await conn.sobject('Task').upsert(
      [
        { Subject: 'a', [FIELD]: 'twice' },
        { Subject: 'b', [FIELD]: 'twice' },
      ],
      FIELD,
    )) as unknown as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(res.map((r) => r.errors[0]?.statusCode)).toEqual(['DUPLICATE_EXTERNAL_ID', 'DUPLICATE_EXTERNAL_ID']);
  });

  it('an unknown external ID field: 404 NOT_FOUND', async () => {
    const err = await rejection(conn.sobject('Task').upsert([{ Subject: 'x', Nope__c: 'v' }], 'Nope__c'));
    expect(err.errorCode).toBe('NOT_FOUND');
  });

  const patchCollection = (field: string, allOrNone: boolean, records: Array<Record<string, unknown>>) =>
    raw(lo, 'PATCH', `/services/data/v${VERSION}/composite/sobjects/Task/${field}`, {
      token: tokenFor(lo),
      body: JSON.stringify({ allOrNone, records: records.map((r) => ({ attributes: { type: 'Task' }, ...r })) }),
    });

  it('allOrNone true: every row of a successful call carries its id and created flag', async () => {
    await conn.sobject('Task').upsert({ Subject: 'Before', [FIELD]: 'aon-1' }, FIELD);
    const res = await patchCollection(FIELD, true, [
      { Subject: 'Updated', [FIELD]: 'aon-1' },
      { Subject: 'New', [FIELD]: 'aon-2' },
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { id: expect.stringMatching(/^00T/), success: true, errors: [], created: false },
      { id: expect.stringMatching(/^00T/), success: true, errors: [], created: true },
    ]);
  });

  it('allOrNone true with a failing row: every row is an UpsertResult with created:false and no id (UNCONFIRMED shape of failed rows)', async () => {
    const res = await patchCollection(FIELD, true, [
      { Subject: 'Would be new', [FIELD]: 'aon-3' },
      { Subject: 'x'.repeat(300), [FIELD]: 'aon-4' },
    ]);
    expect(res.status).toBe(200);
    const rows = res.json as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.success, r.created, 'id' in r])).toEqual([
      [false, false, false],
      [false, false, false],
    ]);
    expect((rows[0].errors as Array<{ statusCode: string }>)[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(lo.org.query(lo.org.users.integration.id, `SELECT Id FROM Task WHERE ${FIELD} = 'aon-3'`)).toHaveLength(0);
  });

  it('ExternalIdField Id: a record without an Id (absent or null) is created, one with an Id is updated', async () => {
    const { id: existing } = (await conn.sobject('Task').create({ Subject: 'Keep me' })) as { id: string };
    const res = await patchCollection('Id', false, [
      { Subject: 'Absent Id' },
      { Id: null, Subject: 'Null Id' },
      { Id: existing, Subject: 'Kept and updated' },
    ]);
    expect(res.status).toBe(200);
    const rows = res.json as Array<{ id: string; success: boolean; created: boolean }>;
    expect(rows.map((r) => [r.success, r.created])).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(rows[2].id).toBe(existing);
    const subjects = await conn.query<{ Subject: string }>(
      `SELECT Subject FROM Task WHERE Id IN ('${rows[0].id}','${rows[1].id}','${existing}') ORDER BY Subject`,
    );
    expect(subjects.records.map((r) => r.Subject)).toEqual(['Absent Id', 'Kept and updated', 'Null Id']);
  });
});
