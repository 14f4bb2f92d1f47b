/**
 * Bulk API 2.0 through jsforce's bulk2 client and plain HTTP: ingest insert / update / upsert /
 * delete with per-row failures, `#N/A` nulls, job-level failures, and query jobs with several
 * result pages ending in the literal locator `null` (facts: toolchain §8 jsforce Bulk 2.0 flow;
 * Bulk API 2.0 guide). Expected values come from the documentation; where a wording is
 * UNCONFIRMED the test says so and checks only the documented part.
 */
import type { Connection } from 'jsforce';
import { parse } from 'csv-parse/sync';
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, connect, expectNoStack, raw, rejection, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let conn: Connection;
let token: string;

const BASE = `/services/data/v${VERSION}`;
const POLL = { pollInterval: 10, pollTimeout: 10_000 };
const FIELD = 'RoxAI__RoxActivityId__c';

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  conn = connect(lo);
  token = tokenFor(lo);
});
afterAll(() => lo.close());
afterEach(() => {
  lo.org.clearFaults();
  lo.org.bulk.inProgressChecks = 0;
});

function csvRows(text: string): Array<Record<string, string>> {
  return parse(text, { columns: true }) as Array<Record<string, string>>;
}

async function createIngest(body: Record<string, unknown>): Promise<string> {
  const res = await raw(lo, 'POST', `${BASE}/jobs/ingest`, { token, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (res.json as { id: string }).id;
}

async function runIngest(body: Record<string, unknown>, csv: string) {
  const id = await createIngest(body);
  const put = await raw(lo, 'PUT', `${BASE}/jobs/ingest/${id}/batches`, {
    token,
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(put.status).toBe(201);
  const close = await raw(lo, 'PATCH', `${BASE}/jobs/ingest/${id}`, {
    token,
    body: JSON.stringify({ state: 'UploadComplete' }),
  });
  expect(close.status).toBe(200);
  const info = await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}`, { token });
  return { id, info: info.json as Record<string, unknown> };
}

describe('ingest through jsforce bulk2', () => {
  it('inserts, reports each row as successful or failed, and leaves failed rows unwritten', async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [
        { Name: 'Bulk One', Industry: 'Technology' },
        { Name: null, Industry: 'Energy' },
        { Name: 'Bulk Three', Industry: null },
      ],
      ...POLL,
    });
    expect(res.successfulResults).toHaveLength(2);
    expect(res.failedResults).toHaveLength(1);
    expect(res.unprocessedRecords).toHaveLength(0);
    for (const row of res.successfulResults) {
      expect(row.sf__Id).toMatch(/^001[A-Za-z0-9]{15}$/);
      expect(row.sf__Created).toBe('true');
    }
    const failed = res.failedResults[0];
    expect(failed.sf__Id).toBe('');
    // The sf__Error text starts with the status code (exact punctuation UNCONFIRMED).
    expect(failed.sf__Error).toMatch(/^REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]/);
    expect((failed as Record<string, unknown>).Industry).toBe('Energy');
    const names = lo.org
      .query(lo.org.users.integration.id, "SELECT Name, Industry FROM Account WHERE Name LIKE 'Bulk%' ORDER BY Name")
      .map((r) => [r.Name, r.Industry]);
    expect(names).toEqual([
      ['Bulk One', 'Technology'],
      ['Bulk Three', null],
    ]);
  });

  it('upserts Tasks on RoxActivityId: a resend updates instead of duplicating', async () => {
    const first = await conn.bulk2.loadAndWaitForResults({
      object: 'Task',
      operation: 'upsert',
      externalIdFieldName: FIELD,
      input: [
        { Subject: 'Call A', [FIELD]: 'bulk-act-1' },
        { Subject: 'Call B', [FIELD]: 'bulk-act-2' },
      ],
      ...POLL,
    });
    expect(first.successfulResults.map((r) => r.sf__Created)).toEqual(['true', 'true']);
    const again = await conn.bulk2.loadAndWaitForResults({
      object: 'Task',
      operation: 'upsert',
      externalIdFieldName: FIELD,
      input: [
        { Subject: 'Call A (resent)', [FIELD]: 'bulk-act-1' },
        { Subject: 'Call C', [FIELD]: 'bulk-act-3' },
      ],
      ...POLL,
    });
    expect(again.successfulResults.map((r) => [(r as Record<string, unknown>)[FIELD], r.sf__Created])).toEqual([
      ['bulk-act-1', 'false'],
      ['bulk-act-3', 'true'],
    ]);
    expect(again.successfulResults[0].sf__Id).toBe(first.successfulResults[0].sf__Id);
    const rows = lo.org.query(
      lo.org.users.integration.id,
      `SELECT Subject FROM Task WHERE ${FIELD} LIKE 'bulk-act-%' ORDER BY ${FIELD}`,
    );
    expect(rows.map((r) => r.Subject)).toEqual(['Call A (resent)', 'Call B', 'Call C']);
  });

  it('fails the duplicate external IDs of one upload instead of writing either', async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Task',
      operation: 'upsert',
      externalIdFieldName: FIELD,
      input: [
        { Subject: 'Dup 1', [FIELD]: 'bulk-dup' },
        { Subject: 'Dup 2', [FIELD]: 'bulk-dup' },
      ],
      ...POLL,
    });
    expect(res.successfulResults).toHaveLength(0);
    expect(res.failedResults.map((r) => r.sf__Error.split(':')[0])).toEqual([
      'DUPLICATE_EXTERNAL_ID',
      'DUPLICATE_EXTERNAL_ID',
    ]);
  });

  it('leaves a field alone for an empty value and nulls it for #N/A on update', async () => {
    const id = lo.org.insert('Account', { Name: 'Nulls', Industry: 'Energy', Phone: '555-0100' });
    const { info } = await runIngest({ object: 'Account', operation: 'update' }, `Id,Industry,Phone\n${id},,#N/A\n`);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1, numberRecordsFailed: 0 });
    expect(lo.org.get(id)).toMatchObject({ Industry: 'Energy', Phone: null });
  });

  it('deletes by Id into the recycle bin and reports unknown Ids per row', async () => {
    // The seeded integration user has no Delete on Account (least privilege); the admin has.
    const id = lo.org.insert('Account', { Name: 'To delete' });
    const res = await connect(lo, 'admin').bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'delete',
      input: [{ Id: id }, { Id: '001000000000000AAA' }],
      ...POLL,
    });
    expect(res.successfulResults.map((r) => [r.sf__Id, r.sf__Created])).toEqual([[id, 'false']]);
    expect(res.failedResults).toHaveLength(1);
    expect(res.failedResults[0].sf__Error).toMatch(/^(ENTITY_IS_DELETED|INVALID_CROSS_REFERENCE_KEY):/);
    expect(lo.org.get(id)?.IsDeleted).toBe(true);
  });

  it('reports UNABLE_TO_LOCK_ROW for the locked rows only (fault injection)', async () => {
    const a = lo.org.insert('Account', { Name: 'Lock A' });
    const b = lo.org.insert('Account', { Name: 'Lock B' });
    lo.org.addFault({ kind: 'lock-row', route: 'jobs/ingest/job', recordIds: [b], count: 5 });
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: [
        { Id: a, Name: 'Lock A2' },
        { Id: b, Name: 'Lock B2' },
      ],
      ...POLL,
    });
    expect(res.successfulResults.map((r) => r.sf__Id)).toEqual([a]);
    expect(res.failedResults.map((r) => [r.sf__Id, r.sf__Error.split(':')[0]])).toEqual([[b, 'UNABLE_TO_LOCK_ROW']]);
    expect(lo.org.get(a)?.Name).toBe('Lock A2');
    expect(lo.org.get(b)?.Name).toBe('Lock B');
  });

  it('fails the whole job for a column the object does not have, keeping every row unprocessed', async () => {
    const err = await rejection(
      conn.bulk2.loadAndWaitForResults({
        object: 'Account',
        operation: 'insert',
        input: [{ Name: 'Never', Bogus__c: 'x' }],
        ...POLL,
      }),
    );
    // Wording of errorMessage UNCONFIRMED; jsforce surfaces it in its own message (and deletes the job).
    expect(err.message).toBe('Ingest job failed to complete due to: InvalidBatch : Field name not found : Bogus__c');
    const { id, info } = await runIngest({ object: 'Account', operation: 'insert' }, 'Name,Bogus__c\nNever,x\n');
    expect(info).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0 });
    const unprocessed = await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}/unprocessedrecords`, { token });
    expect(unprocessed.headers.get('content-type')).toBe('text/csv');
    expect(csvRows(unprocessed.text)).toEqual([{ Name: 'Never', Bogus__c: 'x' }]);
    expect(lo.org.query(lo.org.users.integration.id, "SELECT Id FROM Account WHERE Name = 'Never'")).toHaveLength(0);
  });

  it('polls through InProgress before JobComplete', async () => {
    lo.org.bulk.inProgressChecks = 2;
    const states: string[] = [];
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert', ...POLL });
    job.on('inProgress', (info: { state: string }) => states.push(info.state));
    await job.open();
    await job.uploadData([{ Name: 'Polled' }]);
    await job.close();
    await job.poll(10, 10_000);
    expect(states).toEqual(['InProgress', 'InProgress']);
    expect((await job.getSuccessfulResults()).map((r) => (r as Record<string, unknown>).Name)).toEqual(['Polled']);
  });
});

describe('ingest job requests over HTTP', () => {
  it('answers create, close and get with the job info fields Salesforce documents', async () => {
    const create = await raw(lo, 'POST', `${BASE}/jobs/ingest`, {
      token,
      body: JSON.stringify({ object: 'account', operation: 'insert', lineEnding: 'LF' }),
    });
    expect(create.status).toBe(200);
    const info = create.json as Record<string, unknown>;
    expect(info).toMatchObject({
      id: expect.stringMatching(/^750[A-Za-z0-9]{15}$/),
      operation: 'insert',
      object: 'Account',
      createdById: lo.org.users.integration.id,
      state: 'Open',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 62,
      jobType: 'V2Ingest',
      contentUrl: `services/data/v${VERSION}/jobs/ingest/${String(info.id)}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    expect(info.createdDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('completes a header-only upload with zero records processed (UNCONFIRMED: no documented example)', async () => {
    const { id, info } = await runIngest({ object: 'Account', operation: 'insert' }, 'Name,Industry\n');
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 0, numberRecordsFailed: 0 });
    const ok = await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}/successfulResults`, { token });
    expect(ok.status).toBe(200);
    expect(csvRows(ok.text)).toEqual([]);
  });

  it('fails a job whose upload is empty or that was closed without an upload (wording UNCONFIRMED)', async () => {
    const { info: empty } = await runIngest({ object: 'Account', operation: 'insert' }, '');
    expect(empty).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0 });
    expect(String(empty.errorMessage)).toMatch(/^ClientInputError : /);
    const id = await createIngest({ object: 'Account', operation: 'insert' });
    await raw(lo, 'PATCH', `${BASE}/jobs/ingest/${id}`, { token, body: JSON.stringify({ state: 'UploadComplete' }) });
    const closed = (await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}`, { token })).json as Record<string, unknown>;
    expect(closed).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0 });
  });

  it('upsert on Id: a blank Id inserts the row, a present one updates it', async () => {
    const { id: existing } = (await conn.sobject('Account').create({ Name: 'Bulk Id Before' })) as { id: string };
    const { id, info } = await runIngest(
      { object: 'Account', operation: 'upsert', externalIdFieldName: 'Id' },
      `Id,Name\n,Bulk Id New\n${existing},Bulk Id After\n`,
    );
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });
    const rows = csvRows((await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}/successfulResults`, { token })).text);
    expect(rows.map((r) => [r.Name, r.sf__Created])).toEqual([
      ['Bulk Id New', 'true'],
      ['Bulk Id After', 'false'],
    ]);
    expect(rows[1].sf__Id).toBe(existing);
  });

  it('upsert on Id without an Id column fails the job: "Field values must also exist in CSV job data" (wording UNCONFIRMED)', async () => {
    // Create a Job, externalIdFieldName: https://developer.salesforce.com/docs/atlas.en-us.220.0.api_bulk_v2.meta/api_bulk_v2/create_job.htm
    const { info } = await runIngest(
      { object: 'Account', operation: 'upsert', externalIdFieldName: 'Id' },
      'Name\nBulk No Id Column\n',
    );
    expect(info).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0 });
    expect(
      lo.org.query(lo.org.users.integration.id, "SELECT Id FROM Account WHERE Name = 'Bulk No Id Column'"),
    ).toHaveLength(0);
  });

  it('uses the job column delimiter', async () => {
    const { id, info } = await runIngest(
      { object: 'Account', operation: 'insert', columnDelimiter: 'SEMICOLON' },
      'Name;Description\n"Semi; Colon";"a,b"\n',
    );
    expect(info.state).toBe('JobComplete');
    const ok = await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}/successfulResults`, { token });
    const [row] = csvRows(ok.text);
    expect(lo.org.get(row.sf__Id)).toMatchObject({ Name: 'Semi; Colon', Description: 'a,b' });
  });

  it('fails an LF job whose data has CRLF line endings (wording UNCONFIRMED)', async () => {
    const { info } = await runIngest({ object: 'Account', operation: 'insert' }, 'Name\r\nWindows\r\n');
    expect(info.state).toBe('Failed');
    expect(String(info.errorMessage)).toContain('LineEnding is invalid on user data');
  });

  it('takes one upload per job and refuses uploads after close', async () => {
    const id = await createIngest({ object: 'Account', operation: 'insert' });
    const csv = { token, body: 'Name\nOne\n', headers: { 'content-type': 'text/csv' } };
    expect((await raw(lo, 'PUT', `${BASE}/jobs/ingest/${id}/batches`, csv)).status).toBe(201);
    const second = await raw(lo, 'PUT', `${BASE}/jobs/ingest/${id}/batches`, csv);
    expect(second.status).toBe(409);
    expect((second.json as Array<{ errorCode: string }>)[0].errorCode).toBe('INVALIDJOBSTATE');
    await raw(lo, 'PATCH', `${BASE}/jobs/ingest/${id}`, { token, body: JSON.stringify({ state: 'UploadComplete' }) });
    const late = await raw(lo, 'PUT', `${BASE}/jobs/ingest/${id}/batches`, csv);
    expect(late.status).toBe(409);
  });

  it('aborts an open job: nothing written, rows reported unprocessed', async () => {
    const id = await createIngest({ object: 'Account', operation: 'insert' });
    await raw(lo, 'PUT', `${BASE}/jobs/ingest/${id}/batches`, {
      token,
      body: 'Name\nAborted row\n',
      headers: { 'content-type': 'text/csv' },
    });
    const abort = await raw(lo, 'PATCH', `${BASE}/jobs/ingest/${id}`, {
      token,
      body: JSON.stringify({ state: 'Aborted' }),
    });
    expect((abort.json as { state: string }).state).toBe('Aborted');
    const un = await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}/unprocessedrecords`, { token });
    expect(csvRows(un.text)).toEqual([{ Name: 'Aborted row' }]);
    expect(lo.org.query(lo.org.users.integration.id, "SELECT Id FROM Account WHERE Name = 'Aborted row'")).toHaveLength(
      0,
    );
    expect((await raw(lo, 'DELETE', `${BASE}/jobs/ingest/${id}`, { token })).status).toBe(204);
    expect((await raw(lo, 'GET', `${BASE}/jobs/ingest/${id}`, { token })).status).toBe(404);
  });

  it.each([
    [{ object: 'NoSuchThing__c', operation: 'insert' }, 'INVALIDENTITY'],
    [{ object: 'Account', operation: 'merge' }, 'INVALIDJOB'],
    [{ object: 'Task', operation: 'upsert' }, 'INVALIDJOB'],
    [{ object: 'Task', operation: 'upsert', externalIdFieldName: 'Subject' }, 'NOT_FOUND'],
    [{ object: 'Account', operation: 'insert', contentType: 'JSON' }, 'INVALIDJOB'],
  ])('refuses job %j with %s, never a stack trace', async (body, code) => {
    const res = await raw(lo, 'POST', `${BASE}/jobs/ingest`, { token, body: JSON.stringify(body) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe(code);
    expectNoStack(res.text);
  });

  it('answers malformed JSON with JSON_PARSER_ERROR and an unknown job with 404', async () => {
    const bad = await raw(lo, 'POST', `${BASE}/jobs/ingest`, { token, body: '{"object":' });
    expect(bad.status).toBe(400);
    expect((bad.json as Array<{ errorCode: string }>)[0].errorCode).toBe('JSON_PARSER_ERROR');
    const missing = await raw(lo, 'GET', `${BASE}/jobs/ingest/750000000000000AAA`, { token });
    expect(missing.status).toBe(404);
    expect((missing.json as Array<{ errorCode: string }>)[0].errorCode).toBe('NOT_FOUND');
  });
});

describe('query jobs', () => {
  const N = 2_500;
  beforeAll(() => {
    const owner = lo.org.users.integration.id;
    for (let i = 0; i < N; i++)
      lo.org.insert('Account', { Name: `Paged ${String(i).padStart(5, '0')}`, NumberOfEmployees: i }, owner);
  });

  async function createQuery(query: string, operation = 'query') {
    return raw(lo, 'POST', `${BASE}/jobs/query`, { token, body: JSON.stringify({ operation, query }) });
  }

  it('pages results with Sforce-Locator until the literal "null", every call counted', async () => {
    const create = await createQuery(
      "SELECT Name, NumberOfEmployees, Owner.Name, Id FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name",
    );
    expect(create.status).toBe(200);
    const job = create.json as { id: string; state: string; operation: string; object: string };
    expect(job).toMatchObject({ state: 'UploadComplete', operation: 'query', object: 'Account' });
    const info = await raw(lo, 'GET', `${BASE}/jobs/query/${job.id}`, { token });
    expect(info.json).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: N });

    lo.org.resetUsage();
    const rows: Array<Record<string, string>> = [];
    const locators: string[] = [];
    let locator: string | null = null;
    for (;;) {
      const qs: string = locator ? `?locator=${locator}&maxRecords=1000` : '?maxRecords=1000';
      const page = await raw(lo, 'GET', `${BASE}/jobs/query/${job.id}/results${qs}`, { token });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/csv');
      const got = csvRows(page.text);
      expect(page.headers.get('sforce-numberofrecords')).toBe(String(got.length));
      rows.push(...got);
      locator = page.headers.get('sforce-locator');
      locators.push(String(locator));
      if (locator === 'null') break;
      expect(locator).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(locators).toHaveLength(3);
    expect(locators[2]).toBe('null');
    expect(rows).toHaveLength(N);
    // Columns in the order requested (API 50.0+), parent fields dotted.
    expect(Object.keys(rows[0])).toEqual(['Name', 'NumberOfEmployees', 'Owner.Name', 'Id']);
    expect(rows[0]).toMatchObject({ Name: 'Paged 00000', NumberOfEmployees: '0', 'Owner.Name': expect.any(String) });
    expect(new Set(rows.map((r) => r.Id)).size).toBe(N);
    expect(lo.org.usage().byRoute['jobs/query/results']).toBe(3);
    // A locator can be read again while the job exists.
    const again = await raw(lo, 'GET', `${BASE}/jobs/query/${job.id}/results?locator=${locators[0]}&maxRecords=1000`, {
      token,
    });
    expect(csvRows(again.text)[0].Name).toBe('Paged 01000');
  });

  it('round-trips through jsforce bulk2.query for a single page', async () => {
    const records = await conn.bulk2.query("SELECT Id, Name FROM Account WHERE Name = 'Paged 00042'", POLL);
    const list: Array<Record<string, string>> = [];
    for await (const r of records) list.push(r as Record<string, string>);
    expect(list).toEqual([{ Id: expect.stringMatching(/^001/), Name: 'Paged 00042' }]);
  });

  it('includes deleted rows for queryAll only', async () => {
    const id = lo.org.insert('Account', { Name: 'Bulk deleted' });
    await connect(lo, 'admin').sobject('Account').destroy(id);
    const q = "SELECT Id, IsDeleted FROM Account WHERE Name = 'Bulk deleted'";
    for (const [op, expected] of [
      ['query', []],
      ['queryAll', [{ Id: id, IsDeleted: 'true' }]],
    ] as const) {
      const job = (await createQuery(q, op)).json as { id: string };
      const page = await raw(lo, 'GET', `${BASE}/jobs/query/${job.id}/results`, { token });
      expect(csvRows(page.text)).toEqual(expected);
      expect(page.headers.get('sforce-locator')).toBe('null');
    }
  });

  it('expands FIELDS() into the columns /query returns, less compound fields (UNCONFIRMED for Bulk)', async () => {
    const rest = await conn.query<Record<string, unknown>>(
      "SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Paged 00007'",
    );
    const job = (await createQuery("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Paged 00007'")).json as {
      id: string;
    };
    const page = await raw(lo, 'GET', `${BASE}/jobs/query/${job.id}/results`, { token });
    const header = page.text
      .split('\n')[0]
      .split(',')
      .map((h) => JSON.parse(h) as string);
    const restColumns = Object.keys(rest.records[0]).filter((k) => k !== 'attributes');
    expect(header).toEqual(restColumns.filter((k) => !/Address$/.test(k)));
    expect(header).toEqual(expect.arrayContaining(['Id', 'Name', 'BillingCity']));
    expect(header).not.toContain('BillingAddress');
    expect(csvRows(page.text)).toEqual([expect.objectContaining({ Name: 'Paged 00007', NumberOfEmployees: '7' })]);
  });

  it('answers 409 when results are read with another API version', async () => {
    const job = (await createQuery('SELECT Id FROM Account LIMIT 1')).json as { id: string };
    const res = await raw(lo, 'GET', `/services/data/v61.0/jobs/query/${job.id}/results`, { token });
    expect(res.status).toBe(409);
  });

  it.each([
    ['SELECT Id FROM Account WHERE', 'MALFORMED_QUERY'],
    ['SELECT Bogus__c FROM Account', 'INVALID_FIELD'],
    ['SELECT Id FROM Nothing__c', 'INVALID_TYPE'],
    ['SELECT Id, (SELECT Id FROM Contacts) FROM Account', 'API_ERROR'],
    ['SELECT COUNT() FROM Account', 'API_ERROR'],
    ['SELECT Id FROM Account LIMIT 5 OFFSET 5', 'API_ERROR'],
  ])('refuses %s with %s at job creation', async (q, code) => {
    const res = await createQuery(q);
    expect(res.status).toBe(400);
    expect((res.json as Array<{ errorCode: string }>)[0].errorCode).toBe(code);
    expectNoStack(res.text);
  });
});
