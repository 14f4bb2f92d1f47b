/**
 * The fidelity suite (fidelity/): documented Salesforce request/response pairs replayed against
 * the local org. The whole suite runs here with its pass rate; the comparison and the replay are
 * tested on their own, failures injected.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCases, type FidelityCase } from '../fidelity/case-schema.js';
import { compareBodies } from '../fidelity/compare.js';
import { baseVariables, replayCase } from '../fidelity/replay.js';
import { formatReport, runFidelitySuite } from '../fidelity/suite.js';
import type { RunningLocalOrg } from '../src/index.js';
import { startOrg } from './helpers.js';

describe('the fidelity suite', () => {
  it('replays every documented exchange; each mismatch is a named known deviation and no named one passes', async () => {
    const report = await runFidelitySuite();
    const dir = join(process.cwd(), 'tmp', 'fidelity');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, 'report.txt'), `${formatReport(report, true)}\n`);
    expect(report.total).toBeGreaterThanOrEqual(23);
    expect({
      unexpected: report.unexpectedFailures.map((r) => ({ id: r.id, differences: r.differences.slice(0, 5) })),
      stale: report.staleDeviations,
    }).toEqual({ unexpected: [], stale: [] });
    // Known deviations may not grow past one case in ten (the README quotes today's rate).
    expect(report.rate).toBeGreaterThanOrEqual(0.9);
  });
});

describe('comparing a documented body with ours', () => {
  const doc = {
    id: '001D000000IqhSLIAZ',
    success: true,
    errors: [],
    createdDate: '2024-01-02T03:04:05.000+0000',
    attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001D000000IqhSLIAZ' },
    list: [{ a: 1 }, { a: 2 }],
    maybe: null,
  };
  const ours = {
    id: '001gK00000AbCdEfGH',
    success: true,
    errors: [],
    createdDate: '2026-12-02T10:00:00.000+0000',
    attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001gK00000AbCdEfGH' },
    list: [{ a: 5 }, { a: 6 }, { a: 7 }],
    maybe: 'anything',
    newer: 1,
  };

  it('accepts the same shape with other data and reports keys the documentation does not show', () => {
    expect(compareBodies(doc, ours, { exact: ['/success', '/attributes/type'] })).toEqual({
      differences: [],
      extras: ['/newer'],
    });
  });

  it('names each way a body can differ', () => {
    const wrong = {
      ...ours,
      id: 'not an id',
      success: 'true',
      createdDate: '2026-12-02T10:00:00Z',
      attributes: { type: 'Contact', url: 'http://x/y' },
      list: [{ a: 5 }],
    } as Record<string, unknown>;
    delete wrong.errors;
    expect(compareBodies(doc, wrong, { exact: ['/attributes/type'] }).differences).toEqual([
      { pointer: '/id', problem: 'expected a Salesforce Id, got "not an id"' },
      { pointer: '/success', problem: 'expected boolean, got string "true"' },
      { pointer: '/errors', problem: 'missing' },
      {
        pointer: '/createdDate',
        problem: 'expected the format of "2024-01-02T03:04:05.000+0000", got "2026-12-02T10:00:00Z"',
      },
      { pointer: '/attributes/type', problem: 'expected "Account", got "Contact"' },
      { pointer: '/attributes/url', problem: 'expected a /services/ path, got "http://x/y"' },
      { pointer: '/list/1', problem: 'documented element missing (ours has 1)' },
    ]);
  });

  it('skips ignored pointers and flags an exact pointer the documented body lacks', () => {
    expect(compareBodies(doc, { ...ours, success: 'no' }, { ignore: ['/success'], exact: ['/nope'] })).toEqual({
      differences: [{ pointer: '/nope', problem: 'an exact pointer that is not in the documented body' }],
      extras: ['/newer'],
    });
  });
});

describe('replaying one case', () => {
  let lo: RunningLocalOrg;
  beforeAll(async () => {
    lo = await startOrg();
  });
  afterAll(async () => {
    await lo.close();
  });

  const create: FidelityCase = {
    id: 'create',
    title: 'Create a record',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm',
    file: 'inline',
    user: 'admin',
    setup: [
      {
        method: 'POST',
        path: '/services/data/v62.0/sobjects/Account/',
        body: { Name: 'Parent {{unique}}' },
        save: { parentId: '/id' },
      },
    ],
    request: {
      method: 'POST',
      path: '/services/data/v62.0/sobjects/Account/',
      body: { Name: 'Child', ParentId: '{{parentId}}' },
    },
    response: {
      status: 201,
      headers: { 'content-type': 're:^application/json' },
      body: { id: '001D000000IqhSLIAZ', errors: [], success: true },
      format: 'json',
      exact: ['/success', '/errors'],
      ignore: [],
    },
  };

  it('passes against a healthy org, with setup values fed into the request', async () => {
    const r = await replayCase(lo, create, baseVariables(lo));
    expect(r).toMatchObject({ id: 'create', pass: true, differences: [] });
    const child = [...lo.org.store.scan('Account')].find((a) => a.Name === 'Child');
    expect(String(child?.ParentId)).toMatch(/^001/);
  });

  it('fails, naming the status and the body, when the org answers with an HTML outage page', async () => {
    lo.org.faults.add({ kind: 'unavailable-html', route: 'sobject', method: 'POST', count: 1 });
    const r = await replayCase(
      lo,
      { ...create, setup: [], request: { ...create.request, body: { Name: 'x' } } },
      baseVariables(lo),
    );
    expect(r.pass).toBe(false);
    expect(r.differences.map((d) => d.pointer)).toEqual(['status', 'header:content-type', '']);
  });

  it('fails at the setup step that failed, without sending the documented request', async () => {
    const before = lo.org.store.count('Account');
    const r = await replayCase(
      lo,
      { ...create, setup: [{ ...create.setup[0], body: { NoSuchField__c: 1 } }] },
      baseVariables(lo),
    );
    expect(r.differences).toEqual([
      { pointer: 'setup[0]', problem: expect.stringMatching(/^setup step failed: 400 .*INVALID_FIELD/) },
    ]);
    expect(lo.org.store.count('Account')).toBe(before);
  });

  it('refuses a case file with a bad case, naming the file and the problem', () => {
    const dir = join(process.cwd(), 'tmp', 'fidelity-bad');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ id: 'Bad Id', title: 't', source: 'nope', request: {}, response: {} }]));
    expect(() => loadCases([file])).toThrow(/bad\.json: .*kebab-case[\s\S]*source/);
  });
});
