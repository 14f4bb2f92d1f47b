/**
 * Aggregate queries over REST /query: AggregateResult records on one page, totalSize = groups,
 * no nextRecordsUrl even with a small Sforce-Query-Options batch size, and the queryMore refusal
 * past 2,000 groups; Bulk API 2.0 query jobs still refuse aggregates.
 */
import type { RunningLocalOrg } from '../../src/index.js';
import { generateBenchmarkData } from '../../src/seed/generators.js';
import { VERSION, raw, startOrg, tokenFor } from '../helpers.js';

let lo: RunningLocalOrg;

beforeAll(async () => {
  lo = await startOrg({ crmSeed: false });
  generateBenchmarkData(lo.org, { accounts: 2500, contacts: 0 });
});
afterAll(() => lo.close());

const q = (soql: string) => `/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}`;

describe('aggregate queries over REST', () => {
  it('returns AggregateResult records without url, totalSize the number of groups, done', async () => {
    const res = await raw(lo, 'GET', q('SELECT COUNT(Id) n, MAX(Name) FROM Account'), { token: tokenFor(lo) });
    expect(res.status).toBe(200);
    const body = res.json as { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
    expect(Object.keys(body)).toEqual(['totalSize', 'done', 'records']);
    expect(body.totalSize).toBe(1);
    expect(body.done).toBe(true);
    expect(body.records[0].attributes).toEqual({ type: 'AggregateResult' });
    expect(body.records[0].n).toBe(2500);
    expect(Object.keys(body.records[0])).toEqual(['attributes', 'n', 'expr0']);
  });

  it('keeps every group on one page whatever the batch size', async () => {
    const res = await raw(lo, 'GET', q('SELECT Name, COUNT(Id) FROM Account GROUP BY Name LIMIT 500'), {
      token: tokenFor(lo),
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    const body = res.json as { totalSize: number; done: boolean; records: unknown[]; nextRecordsUrl?: string };
    expect(body.totalSize).toBe(500);
    expect(body.records).toHaveLength(500);
    expect(body.done).toBe(true);
    expect(body.nextRecordsUrl).toBeUndefined();
  });

  it('more than 2,000 groups: 400 with the queryMore message', async () => {
    const res = await raw(lo, 'GET', q('SELECT Name, COUNT(Id) FROM Account GROUP BY Name'), { token: tokenFor(lo) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([
      {
        message: 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
        errorCode: 'EXCEEDED_ID_LIMIT',
      },
    ]);
  });

  it('Bulk API 2.0 query jobs refuse aggregate queries', async () => {
    const res = await raw(lo, 'POST', `/services/data/v${VERSION}/jobs/query`, {
      token: tokenFor(lo),
      body: JSON.stringify({ operation: 'query', query: 'SELECT COUNT(Id) FROM Account' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('Aggregate queries are not supported in Bulk Query');
  });
});
