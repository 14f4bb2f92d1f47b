/**
 * Single-record REST through jsforce and raw HTTP: create/retrieve/update/delete, system fields,
 * and every documented error shape (facts §A5, §B).
 */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../src/index.js';
import { f } from '../src/schema/field-builders.js';
import { VERSION, connect, expectNoStack, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
let admin: Connection;
let token: string;

beforeAll(async () => {
  lo = await startOrg({
    schema: {
      // A formula that throws on read lets the suite prove an internal error answers 500 UNKNOWN_EXCEPTION.
      customFields: [
        {
          object: 'Product2',
          fields: [
            f.formula('Broken_Formula__c', 'Broken Formula', 'string', 'BROKEN()', () => {
              throw new Error('formula engine exploded at /secret/path.ts:12');
            }),
          ],
        },
      ],
    },
  });
  conn = connect(lo);
  admin = connect(lo, 'admin');
  token = tokenFor(lo);
});
afterAll(() => lo.close());

describe('create, retrieve, update, delete', () => {
  it('creates with 201 {id, success, errors} and an 18-character Id with the Account key prefix', async () => {
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/sobjects/Account`, {
      token,
      body: JSON.stringify({ Name: 'Raw Co' }),
    });
    expect(res.status).toBe(201);
    const body = res.json as { id: string; success: boolean; errors: unknown[] };
    expect(body).toEqual({ id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/), success: true, errors: [] });
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  });

  it('retrieves with attributes, system fields set to the caller and the formula computed', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Big Co', NumberOfEmployees: 5000 })) as {
      id: string;
    };
    const rec = (await conn.sobject('Account').retrieve(id)) as Record<string, unknown>;
    expect(rec.attributes).toEqual({ type: 'Account', url: `/services/data/v${VERSION}/sobjects/Account/${id}` });
    expect(rec.CreatedById).toBe(lo.org.users.integration.id);
    expect(rec.LastModifiedById).toBe(lo.org.users.integration.id);
    expect(rec.OwnerId).toBe(lo.org.users.integration.id);
    expect(rec.IsDeleted).toBe(false);
    expect(rec.SystemModstamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(rec.Employee_Band__c).toBe('Enterprise');
  });

  it('accepts a 15-character Id and honours ?fields=', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Fields Co', Industry: 'Energy' })) as { id: string };
    const res = await raw(
      lo,
      'GET',
      `/services/data/v${VERSION}/sobjects/Account/${id.slice(0, 15)}?fields=Name,Industry`,
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      attributes: { type: 'Account', url: `/services/data/v${VERSION}/sobjects/Account/${id}` },
      Name: 'Fields Co',
      Industry: 'Energy',
    });
  });

  it('updates with 204 and moves SystemModstamp and LastModifiedDate forward', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Move Co' })) as { id: string };
    const before = (await conn.sobject('Account').retrieve(id)) as Record<string, string>;
    const res = await raw(lo, 'PATCH', `/services/data/v${VERSION}/sobjects/Account/${id}`, {
      token,
      body: JSON.stringify({ Name: 'Moved Co' }),
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const after = (await conn.sobject('Account').retrieve(id)) as Record<string, string>;
    expect(after.Name).toBe('Moved Co');
    expect(Date.parse(after.SystemModstamp)).toBeGreaterThan(Date.parse(before.SystemModstamp));
    expect(Date.parse(after.LastModifiedDate)).toBeGreaterThan(Date.parse(before.LastModifiedDate));
    expect(after.CreatedDate).toBe(before.CreatedDate);
  });

  it('jsforce update and destroy return its synthetic results for 204 answers', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Gone' })) as { id: string };
    expect(await conn.sobject('Contact').update({ Id: id, FirstName: 'Soon' })).toEqual({
      id,
      success: true,
      errors: [],
    });
    expect(await admin.sobject('Contact').destroy(id)).toEqual({ id, success: true, errors: [] });
  });

  it('deleting an already deleted record answers ENTITY_IS_DELETED (status 404 UNCONFIRMED)', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Twice' })) as { id: string };
    await admin.sobject('Contact').destroy(id);
    const res = await raw(lo, 'DELETE', `/services/data/v${VERSION}/sobjects/Contact/${id}`, {
      token: tokenFor(lo, 'admin'),
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
  });

  it('retrieving a deleted record answers 404 NOT_FOUND', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Hidden' })) as { id: string };
    await admin.sobject('Contact').destroy(id);
    const err = await rejection(conn.sobject('Contact').retrieve(id));
    expect(err.errorCode).toBe('NOT_FOUND');
    expect(err.message).toBe('The requested resource does not exist');
  });

  it('a Contact name is derived from first and last name and is not writable', async () => {
    const { id } = (await conn.sobject('Contact').create({ FirstName: 'Ada', LastName: 'Lovelace' })) as { id: string };
    expect(((await conn.sobject('Contact').retrieve(id)) as Record<string, unknown>).Name).toBe('Ada Lovelace');
    const err = await rejection(conn.sobject('Contact').update({ Id: id, Name: 'X' }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });
});

describe('error shapes', () => {
  const url = `/services/data/v${VERSION}/sobjects/Account`;

  it('an Id in a create body: 400 INVALID_FIELD "The Id field should not be specified in the sobject data."', async () => {
    const res = await raw(lo, 'POST', url, { token, body: JSON.stringify({ Id: '001000000000000AAA', Name: 'x' }) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([
      { message: 'The Id field should not be specified in the sobject data.', errorCode: 'INVALID_FIELD' },
    ]);
  });

  it('malformed JSON: 400 JSON_PARSER_ERROR with a Jackson-style message (exact column UNCONFIRMED)', async () => {
    const res = await raw(lo, 'POST', url, { token, body: '{"Name" "x"}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const [err] = res.json as Array<{ message: string; errorCode: string }>;
    expect(err.errorCode).toBe('JSON_PARSER_ERROR');
    expect(err.message).toMatch(
      /^Unexpected character \('"' \(code 34\)\): was expecting a colon to separate field name and value at \[line:1, column:\d+\]$/,
    );
    expectNoStack(res.text);
  });

  it('a wrong JSON type for a number field: JSON_PARSER_ERROR "Cannot deserialize instance of double ..."', async () => {
    const err = await rejection(conn.sobject('Account').create({ Name: 'T', AnnualRevenue: 'lots' }));
    expect(err.errorCode).toBe('JSON_PARSER_ERROR');
    expect(err.message).toMatch(
      /^Cannot deserialize instance of double from VALUE_STRING value lots at \[line:1, column:\d+\]$/,
    );
  });

  it('unknown object: 404 NOT_FOUND "The requested resource does not exist"', async () => {
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/sobjects/Bogus__c`, { token, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('unknown URL: 404 NOT_FOUND as an array', async () => {
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/no/such/thing`, { token });
    expect(res.status).toBe(404);
    expect(res.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('unknown field: INVALID_FIELD "No such column \'X\' on sobject of type Account"', async () => {
    const err = await rejection(conn.sobject('Account').create({ Name: 'x', Nope__c: 1 }));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toBe("No such column 'Nope__c' on sobject of type Account");
  });

  it('missing required field: REQUIRED_FIELD_MISSING "Required fields are missing: [Name]" with fields', async () => {
    const res = await raw(lo, 'POST', url, { token, body: JSON.stringify({ Industry: 'Energy' }) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([
      { message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] },
    ]);
  });

  it('several missing required fields are listed together (Lead: LastName, Company)', async () => {
    const err = await rejection(conn.sobject('Lead').create({ FirstName: 'x' }));
    expect(err.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(err.message).toBe('Required fields are missing: [LastName, Company]');
  });

  it('text too long: STRING_TOO_LONG "<label>: data value too large: <value> (max length=N)"', async () => {
    const long = 'y'.repeat(256);
    const res = await raw(lo, 'POST', url, { token, body: JSON.stringify({ Name: long }) });
    expect(res.json).toEqual([
      {
        message: `Account Name: data value too large: ${long} (max length=255)`,
        errorCode: 'STRING_TOO_LONG',
        fields: ['Name'],
      },
    ]);
  });

  it('bad email: INVALID_EMAIL_ADDRESS "Email: invalid email address: <value>"', async () => {
    const err = await rejection(conn.sobject('Contact').create({ LastName: 'x', Email: 'not-an-email' }));
    expect(err.errorCode).toBe('INVALID_EMAIL_ADDRESS');
    expect(err.message).toBe('Email: invalid email address: not-an-email');
    expect((err.data as { fields: string[] }).fields).toEqual(['Email']);
  });

  it('restricted picklist: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST "<label>: bad value for restricted picklist field: <value>"', async () => {
    const err = await rejection(conn.sobject('Task').create({ Subject: 'x', TaskSubtype: 'Fax' }));
    expect(err.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(err.message).toBe('Task Subtype: bad value for restricted picklist field: Fax');
  });

  it('an unrestricted picklist accepts a value outside its list', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'x', Industry: 'Space Mining' })) as { id: string };
    expect(((await conn.sobject('Account').retrieve(id)) as Record<string, unknown>).Industry).toBe('Space Mining');
  });

  it('writing a formula field: INVALID_FIELD_FOR_INSERT_UPDATE with the security-settings message', async () => {
    const err = await rejection(conn.sobject('Contact').create({ LastName: 'x', Account_Industry__c: 'Energy' }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(err.message).toBe(
      'Unable to create/update fields: Account_Industry__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
    );
  });

  it('writing a system field (SystemModstamp) is INVALID_FIELD_FOR_INSERT_UPDATE too', async () => {
    const err = await rejection(conn.sobject('Account').create({ Name: 'x', SystemModstamp: '2020-01-01T00:00:00Z' }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect((err.data as { fields: string[] }).fields).toEqual(['SystemModstamp']);
  });

  it('a field the user can read but not edit (FLS) is INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const err = await rejection(conn.sobject('Account').create({ Name: 'x', Rating: 'Hot' }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('a field hidden by FLS is unknown: INVALID_FIELD "No such column \'Type\' on sobject of type Task"', async () => {
    const err = await rejection(conn.sobject('Task').create({ Subject: 'x', Type: 'Call' }));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toBe("No such column 'Type' on sobject of type Task");
  });

  it('duplicate unique value: DUPLICATE_VALUE naming the field and the 15-character Id of the holder', async () => {
    const first = (await conn.sobject('RoxAI__ID_Mapping__c').create({ RoxAI__Rox_Entity_Id__c: 'ent-dup-1' })) as {
      id: string;
    };
    const err = await rejection(conn.sobject('RoxAI__ID_Mapping__c').create({ RoxAI__Rox_Entity_Id__c: 'ent-dup-1' }));
    expect(err.errorCode).toBe('DUPLICATE_VALUE');
    expect(err.message).toBe(
      `duplicate value found: RoxAI__Rox_Entity_Id__c duplicates value on record with id: ${first.id.slice(0, 15)}`,
    );
  });

  it('a case-sensitive unique field (Rox_Entity_Id__c per its XML) accepts values differing only in case', async () => {
    await conn.sobject('RoxAI__ID_Mapping__c').create({ RoxAI__Rox_Entity_Id__c: 'CaseKey' });
    const res = (await conn.sobject('RoxAI__ID_Mapping__c').create({ RoxAI__Rox_Entity_Id__c: 'casekey' })) as {
      success: boolean;
    };
    expect(res.success).toBe(true);
  });

  it('an External ID that is not unique (RoxActivityId__c) lets two records hold one value', async () => {
    const a = (await conn.sobject('Task').create({ Subject: 'a', RoxAI__RoxActivityId__c: 'ACT-Shared' })) as { success: boolean };
    const b = (await conn.sobject('Task').create({ Subject: 'b', RoxAI__RoxActivityId__c: 'act-shared' })) as { success: boolean };
    expect([a.success, b.success]).toEqual([true, true]);
  });

  it('a malformed lookup Id: MALFORMED_ID "<label>: id value of incorrect type: <value>"', async () => {
    const err = await rejection(conn.sobject('Contact').create({ LastName: 'x', AccountId: 'garbage' }));
    expect(err.errorCode).toBe('MALFORMED_ID');
    expect(err.message).toBe('Account ID: id value of incorrect type: garbage');
    expect((err.data as { fields: string[] }).fields).toEqual(['AccountId']);
  });

  it('a lookup to a deleted record: ENTITY_IS_DELETED on the field (UNCONFIRMED code for lookups)', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Soon deleted' })) as { id: string };
    await admin.sobject('Account').destroy(id);
    const err = await rejection(conn.sobject('Contact').create({ LastName: 'x', AccountId: id }));
    expect(err.errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('a lookup to an Id that never existed: INVALID_CROSS_REFERENCE_KEY (UNCONFIRMED)', async () => {
    const err = await rejection(conn.sobject('Contact').create({ LastName: 'x', AccountId: '0015g0000099999AAA' }));
    expect(err.errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
  });

  it('a Task with a Lead as Who and a What: FIELD_INTEGRITY_EXCEPTION on WhoId and WhatId (message UNCONFIRMED)', async () => {
    const lead = (await conn.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as { id: string };
    const acct = (await conn.sobject('Account').create({ Name: 'A' })) as { id: string };
    const err = await rejection(conn.sobject('Task').create({ Subject: 'x', WhoId: lead.id, WhatId: acct.id }));
    expect(err.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    expect((err.data as { fields: string[] }).fields).toEqual(['WhoId', 'WhatId']);
  });

  it('a timed Event without DurationInMinutes or EndDateTime fails (REQUIRED_FIELD_MISSING, UNCONFIRMED shape)', async () => {
    const err = await rejection(
      conn.sobject('Event').create({ Subject: 'Meet', StartDateTime: '2026-01-05T10:00:00Z' }),
    );
    expect(err.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(err.message).toBe('Required fields are missing: [DurationInMinutes]');
  });

  it('an Event with EndDateTime gets DurationInMinutes and ActivityDateTime derived', async () => {
    const { id } = (await conn
      .sobject('Event')
      .create({ Subject: 'Meet', StartDateTime: '2026-01-05T10:00:00Z', EndDateTime: '2026-01-05T10:45:00Z' })) as {
      id: string;
    };
    const rec = (await conn.sobject('Event').retrieve(id)) as Record<string, unknown>;
    expect(rec.DurationInMinutes).toBe(45);
    expect(rec.ActivityDateTime).toBe('2026-01-05T10:00:00.000+0000');
    expect(rec.ActivityDate).toBe('2026-01-05');
  });

  it('a Task gets AccountId derived from its What and TaskSubtype defaulted; AccountId is not createable', async () => {
    const acct = (await conn.sobject('Account').create({ Name: 'Derived' })) as { id: string };
    const { id } = (await conn.sobject('Task').create({ Subject: 'x', WhatId: acct.id })) as { id: string };
    const rec = (await conn.sobject('Task').retrieve(id)) as Record<string, unknown>;
    expect(rec.AccountId).toBe(acct.id);
    expect(rec.TaskSubtype).toBe('Task');
    const err = await rejection(conn.sobject('Task').create({ Subject: 'x', AccountId: acct.id }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('a configured validation rule fails chosen records with FIELD_CUSTOM_VALIDATION_EXCEPTION', async () => {
    lo.org.addValidationRule('Account', {
      name: 'No_Forbidden',
      errorWhen: (r) => r.Name === 'Forbidden',
      message: 'This account name is not allowed.',
      errorField: 'Name',
    });
    try {
      const res = await raw(lo, 'POST', url, { token, body: JSON.stringify({ Name: 'Forbidden' }) });
      expect(res.json).toEqual([
        {
          message: 'This account name is not allowed.',
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          fields: ['Name'],
        },
      ]);
    } finally {
      lo.org.removeValidationRule('Account', 'No_Forbidden');
    }
  });

  it('the default Opportunity rule rejects a negative Amount', async () => {
    const err = await rejection(
      conn.sobject('Opportunity').create({ Name: 'N', StageName: 'Prospecting', CloseDate: '2026-03-01', Amount: -5 }),
    );
    expect(err.errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(err.message).toBe('Amount cannot be negative.');
  });

  it('updating a converted Lead: CANNOT_UPDATE_CONVERTED_LEAD', async () => {
    const lead = (await conn
      .sobject('Lead')
      .create({ LastName: 'Conv', Company: 'ConvCo', Email: 'conv@example.com' })) as { id: string };
    lo.org.convertLead(lead.id);
    const err = await rejection(conn.sobject('Lead').update({ Id: lead.id, Title: 'x' }));
    expect(err.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
  });

  it('a record Id of another object in the URL is read as an external ID field name: 404 NOT_FOUND (UNCONFIRMED)', async () => {
    const contact = (await conn.sobject('Contact').create({ LastName: 'c' })) as { id: string };
    const res = await raw(lo, 'PATCH', `${url}/${contact.id}`, { token, body: JSON.stringify({ Name: 'x' }) });
    expect(res.status).toBe(404);
    expect(res.json).toEqual([
      {
        message: `Provided external ID field does not exist or is not accessible: ${contact.id}`,
        errorCode: 'NOT_FOUND',
      },
    ]);
  });

  it('HEAD on a record answers like GET without a body and changes nothing', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Head Co' })) as { id: string };
    const res = await raw(lo, 'HEAD', `${url}/${id}`, { token });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(lo.org.get(id)?.IsDeleted).toBe(false);
  });

  it('an unsupported method on a resource: 405 METHOD_NOT_ALLOWED', async () => {
    const res = await raw(lo, 'PUT', url, { token, body: '{}' });
    expect(res.status).toBe(405);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it('an internal failure answers 500 UNKNOWN_EXCEPTION with an ErrorId and no stack trace', async () => {
    const admin = tokenFor(lo, 'admin');
    const p = (await connect(lo, 'admin').sobject('Product2').create({ Name: 'Boom' })) as { id: string };
    const res = await raw(lo, 'GET', `/services/data/v${VERSION}/sobjects/Product2/${p.id}`, { token: admin });
    expect(res.status).toBe(500);
    const [err] = res.json as Array<{ errorCode: string; message: string }>;
    expect(err.errorCode).toBe('UNKNOWN_EXCEPTION');
    expect(err.message).toMatch(
      /^An unexpected error occurred\. Please include this ErrorId if you contact support: \d+-\d+ \(-?\d+\)$/,
    );
    expect(res.text).not.toContain('exploded');
    expectNoStack(res.text);
  });
});

describe('object permissions', () => {
  it('the integration user has no Delete on Account: INSUFFICIENT_ACCESS_OR_READONLY (status UNCONFIRMED)', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Keep' })) as { id: string };
    const err = await rejection(conn.sobject('Account').destroy(id));
    expect(err.errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    expect(lo.org.get(id)?.IsDeleted).toBe(false);
  });
});

describe('recycle bin', () => {
  it('deleting an Account cascades to its Contacts; undelete restores both', async () => {
    const acct = (await conn.sobject('Account').create({ Name: 'Cascade' })) as { id: string };
    const contact = (await conn.sobject('Contact').create({ LastName: 'Child', AccountId: acct.id })) as { id: string };
    await admin.sobject('Account').destroy(acct.id);
    expect(lo.org.get(contact.id)?.IsDeleted).toBe(true);
    lo.org.dml.undeleteOne(lo.org.context(lo.org.users.admin.id), acct.id);
    expect(lo.org.get(acct.id)?.IsDeleted).toBe(false);
    expect(lo.org.get(contact.id)?.IsDeleted).toBe(false);
  });
});

describe('conditional update (If-Unmodified-Since, weak validation on the last modified date)', () => {
  it('answers 412 when the record changed after the date, 204 when it did not, 400 for a bad date', async () => {
    const id = lo.org.insert('Account', { Name: 'Conditional' }, lo.org.users.integration.id);
    const modified = Date.parse(String(lo.org.get(id)!.LastModifiedDate).replace(/\+0000$/, 'Z'));
    const path = `/services/data/v${VERSION}/sobjects/Account/${id}`;
    const send = (since: string) =>
      raw(lo, 'PATCH', path, {
        token: tokenFor(lo),
        body: JSON.stringify({ Phone: since }),
        headers: { 'If-Unmodified-Since': since },
      });
    const before = new Date(modified - 5000).toUTCString();
    const stale = await send(before);
    expect(stale.status).toBe(412);
    expect(lo.org.get(id)?.Phone ?? null).toBeNull();
    const fresh = await send(new Date(modified + 5000).toUTCString());
    expect(fresh.status).toBe(204);
    const bad = await send('yesterday');
    expect(bad.status).toBe(400);
  });
});
