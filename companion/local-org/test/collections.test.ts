/**
 * sObject Collections through jsforce (facts §A7): per-record results in order with `statusCode`,
 * allOrNone both ways (rolled-back records report ALL_OR_NONE_OPERATION_ROLLED_BACK and nothing is
 * written), the 200-record limit, lowercase `id` updates, upsert and retrieve.
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
let admin: Connection;

beforeAll(async () => {
  lo = await startOrg();
  conn = connect(lo);
  admin = connect(lo, 'admin');
});
afterAll(() => lo.close());

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function countNamed(name: string): number {
  return lo.org.query(lo.org.users.admin.id, `SELECT Id FROM Account WHERE Name = '${name}'`).length;
}

describe('create', () => {
  it('allOrNone=false: results in request order, failures carry statusCode (not errorCode), valid records are saved', async () => {
    const res = (await conn
      .sobject('Account')
      .create([{ Name: 'Coll A' }, { Industry: 'Energy' }, { Name: 'Coll C' }], {
        allOrNone: false,
      })) as unknown as Array<Record<string, unknown>>;
    expect(res).toHaveLength(3);
    expect(res[0]).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [] });
    expect(res[1]).toEqual({
      success: false,
      errors: [
        { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
      ],
    });
    expect(res[2].success).toBe(true);
    expect(countNamed('Coll A')).toBe(1);
    expect(countNamed('Coll C')).toBe(1);
  });

  it('allOrNone=true: the failing record keeps its error, the others are ALL_OR_NONE_OPERATION_ROLLED_BACK, nothing is written', async () => {
    const res = (await conn
      .sobject('Account')
      .create([{ Name: 'AON 1' }, { Name: 'AON 2', Website: 'x'.repeat(300) }, { Name: 'AON 3' }], {
        allOrNone: true,
      })) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect((res[1].errors as Array<{ statusCode: string }>)[0].statusCode).toBe('STRING_TOO_LONG');
    expect(res[2]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect(countNamed('AON 1') + countNamed('AON 3')).toBe(0);
  });

  it('mixed object types in one call are allowed', async () => {
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/composite/sobjects`, {
      token: tokenFor(lo),
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Name: 'Mixed A' },
          { attributes: { type: 'Contact' }, LastName: 'Mixed C' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = res.json as Array<{ id: string; success: boolean }>;
    expect(body.map((r) => r.success)).toEqual([true, true]);
    expect(body[0].id.startsWith('001')).toBe(true);
    expect(body[1].id.startsWith('003')).toBe(true);
  });

  it('201 records: 400 EXCEEDED_ID_LIMIT "record limit reached. cannot submit more than 200 records into this call" (status UNCONFIRMED)', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
    const err = await rejection(conn.sobject('Account').create(records));
    expect(err.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(err.message).toBe('record limit reached. cannot submit more than 200 records into this call');
    expect(countNamed('Too many 0')).toBe(0);
  });

  it('200 records is accepted', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({ Name: `Exactly ${i}` }));
    const res = (await conn.sobject('Account').create(records)) as unknown as Array<{ success: boolean }>;
    expect(res.filter((r) => r.success)).toHaveLength(200);
  });

  it('an unknown field fails the whole request with 400 INVALID_FIELD (UNCONFIRMED for Collections)', async () => {
    const err = await rejection(conn.sobject('Account').create([{ Name: 'ok' }, { Name: 'x', Bogus__c: 1 }]));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(countNamed('ok')).toBe(0);
  });
});

describe('update', () => {
  it('jsforce sends lowercase id; partial failure reports per record with the record id', async () => {
    const [a, b] = (await conn
      .sobject('Contact')
      .create([{ LastName: 'U1' }, { LastName: 'U2' }])) as unknown as Array<{ id: string }>;
    const res = (await conn.sobject('Contact').update(
      [
        { Id: a.id, Title: 'Boss' },
        { Id: b.id, Email: 'nope' },
      ],
      { allOrNone: false },
    )) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ id: a.id, success: true, errors: [] });
    expect(res[1]).toEqual({
      id: b.id,
      success: false,
      errors: [
        { statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: nope', fields: ['Email'] },
      ],
    });
    expect(lo.org.get(a.id)?.Title).toBe('Boss');
  });

  it('accepts `Id` as well as `id` in the record body', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'CapId' })) as { id: string };
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/composite/sobjects`, {
      token: tokenFor(lo),
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Contact' }, Id: id, Title: 'Via Id' }],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([{ id, success: true, errors: [] }]);
  });

  it('a record without an id: MISSING_ARGUMENT "Id not specified in an update call"', async () => {
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/composite/sobjects`, {
      token: tokenFor(lo),
      body: JSON.stringify({ records: [{ attributes: { type: 'Contact' }, Title: 'x' }] }),
    });
    expect(res.json).toEqual([
      {
        success: false,
        errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }],
      },
    ]);
  });

  it('allOrNone=true update rolls back the valid record', async () => {
    const [a, b] = (await conn
      .sobject('Contact')
      .create([{ LastName: 'R1' }, { LastName: 'R2' }])) as unknown as Array<{ id: string }>;
    const res = (await conn.sobject('Contact').update(
      [
        { Id: a.id, Title: 'Changed' },
        { Id: b.id, LastName: null },
      ],
      { allOrNone: true },
    )) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ id: a.id, success: false, errors: [ROLLED_BACK] });
    expect((res[1].errors as Array<{ statusCode: string }>)[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(lo.org.get(a.id)?.Title).toBeNull();
  });
});

describe('delete and retrieve', () => {
  it('deletes with ?ids=; an already deleted record reports ENTITY_IS_DELETED', async () => {
    const [a, b] = (await admin.sobject('Lead').create([
      { LastName: 'D1', Company: 'c' },
      { LastName: 'D2', Company: 'c' },
    ])) as unknown as Array<{ id: string }>;
    await admin.sobject('Lead').destroy(b.id);
    const res = (await admin.sobject('Lead').destroy([a.id, b.id])) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ id: a.id, success: true, errors: [] });
    expect(res[1]).toEqual({
      id: b.id,
      success: false,
      errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
    });
  });

  it('allOrNone delete rolls back', async () => {
    const [a] = (await admin.sobject('Lead').create([{ LastName: 'D3', Company: 'c' }])) as unknown as Array<{
      id: string;
    }>;
    const res = (await admin
      .sobject('Lead')
      .destroy([a.id, '00Q5g0000099999AAA'], { allOrNone: true })) as unknown as Array<Record<string, unknown>>;
    expect(res[0]).toEqual({ id: a.id, success: false, errors: [ROLLED_BACK] });
    expect(res[1].success).toBe(false);
    expect(lo.org.get(a.id)?.IsDeleted).toBe(false);
  });

  it('retrieve many returns records in order and null for unknown ids', async () => {
    const [a, b] = (await conn.sobject('Account').create([{ Name: 'Get A' }, { Name: 'Get B' }])) as unknown as Array<{
      id: string;
    }>;
    const res = (await conn
      .sobject('Account')
      .retrieve([b.id, '0015g0000099999AAA', a.id], { fields: ['Name'] })) as unknown as Array<Record<
      string,
      unknown
    > | null>;
    expect(res[0]?.Name).toBe('Get B');
    expect(res[1]).toBeNull();
    expect(res[2]?.Name).toBe('Get A');
  });
});

describe('lock-row faults per record', () => {
  it('UNABLE_TO_LOCK_ROW fails only the targeted record, with statusCode', async () => {
    const [a, b] = (await conn
      .sobject('Contact')
      .create([{ LastName: 'L1' }, { LastName: 'L2' }])) as unknown as Array<{ id: string }>;
    const fault = lo.org.addFault({ kind: 'lock-row', recordIds: [b.id], count: 1 });
    try {
      const res = (await conn.sobject('Contact').update([
        { Id: a.id, Title: 'ok' },
        { Id: b.id, Title: 'locked' },
      ])) as unknown as Array<Record<string, unknown>>;
      expect(res[0].success).toBe(true);
      expect(res[1]).toEqual({
        id: b.id,
        success: false,
        errors: [
          {
            statusCode: 'UNABLE_TO_LOCK_ROW',
            message: `unable to obtain exclusive access to this record or 1 records: ${b.id}`,
            fields: [],
          },
        ],
      });
      expect(lo.org.get(b.id)?.Title).toBeNull();
    } finally {
      lo.org.faults.remove(fault.id);
    }
  });
});
