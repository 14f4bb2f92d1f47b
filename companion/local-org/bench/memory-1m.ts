/**
 * Memory for 1,000,000 generated Accounts. Run with:
 *   node --expose-gc --import tsx companion/local-org/bench/memory-1m.ts
 * Reports heap and RSS: base org, with 1M virtual Accounts attached (at rest), while a query
 * holds every row (a locator over SELECT Id FROM Account), and, for comparison, the same rows
 * fully materialised as plain objects (what an ordinary in-memory table would hold).
 */
import { LocalOrg } from '../src/org.js';
import { accountTable } from '../src/seed/generators.js';
import { runSoql } from '../src/soql/soql-engine.js';

const N = Number(process.env.ROWS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function sample(label: string, base?: NodeJS.MemoryUsage): NodeJS.MemoryUsage {
  gc?.();
  const m = process.memoryUsage();
  const delta = base ? ` (heap +${mb(m.heapUsed - base.heapUsed)}, rss +${mb(m.rss - base.rss)})` : '';
  process.stdout.write(
    `${label.padEnd(48)} heapUsed ${mb(m.heapUsed).padStart(10)}  rss ${mb(m.rss).padStart(10)}${delta}\n`,
  );
  return m;
}

if (!gc) process.stdout.write('warning: run with --expose-gc for stable numbers\n');
const org = new LocalOrg({ crmSeed: false });
const base = sample('org (setup data only)');
const table = accountTable(org, N);
org.attachVirtualTable(table);
sample(`+ ${N.toLocaleString()} virtual Accounts (at rest)`, base);

let t = Date.now();
let count = 0;
for (const r of org.store.scan('Account')) if (r.IsDeleted === false) count++;
process.stdout.write(`full scan of ${count.toLocaleString()} rows: ${Date.now() - t} ms\n`);

t = Date.now();
const result = runSoql('SELECT Id, Name FROM Account', org.soqlSource(org.accessFor(org.users.admin.id)), {
  includeDeleted: false,
  apiVersion: '62.0',
});
process.stdout.write(
  `SELECT Id, Name FROM Account (${result.rows.length.toLocaleString()} rows kept for paging): ${Date.now() - t} ms\n`,
);
sample('+ query result holding every row', base);
result.rows.length = 0;

t = Date.now();
const materialised = Array.from({ length: N }, (_, i) => table.row(i));
process.stdout.write(`materialising ${materialised.length.toLocaleString()} rows: ${Date.now() - t} ms\n`);
sample('+ rows materialised as plain objects (comparison)', base);
