/**
 * Bulk API 2.0 query export of 1,000,000 generated Accounts over HTTP, read page by page the way
 * the companion will (results?locator=… until `Sforce-Locator: null`). Run with:
 *   node --import tsx companion/local-org/bench/bulk-query-1m.ts
 * Reports API calls, pages, rows/s and peak RSS of the whole process (org and reader together).
 */
import { createLocalOrg } from '../src/index.js';
import { generateBenchmarkData } from '../src/seed/generators.js';

const N = Number(process.env.ROWS ?? 1_000_000);
const V = '62.0';

async function main(): Promise<void> {
  const lo = await createLocalOrg({ crmSeed: false, logLevel: 'silent' });
  generateBenchmarkData(lo.org, { accounts: N });
  const { accessToken } = lo.org.issueSession(lo.org.users.admin.username);
  const headers = { Authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);

  lo.org.resetUsage();
  const start = performance.now();
  const created = await fetch(`${lo.url}/services/data/v${V}/jobs/query`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Name, Industry, SystemModstamp FROM Account' }),
  });
  const job = (await created.json()) as { id: string };
  await fetch(`${lo.url}/services/data/v${V}/jobs/query/${job.id}`, { headers });
  let locator: string | null = null;
  let rows = 0;
  let pages = 0;
  do {
    const url: string = `${lo.url}/services/data/v${V}/jobs/query/${job.id}/results${locator ? `?locator=${locator}` : ''}`;
    const res = await fetch(url, { headers });
    const text = await res.text();
    rows += Number(res.headers.get('sforce-numberofrecords'));
    locator = res.headers.get('sforce-locator');
    pages++;
    if (!text) break;
  } while (locator && locator !== 'null');
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    `${rows} rows in ${pages} pages, ${lo.org.usage().total} API calls, ${seconds.toFixed(1)} s, ` +
      `${Math.round(rows / seconds)} rows/s, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB\n`,
  );
  await lo.close();
}

void main();
