/**
 * Benchmark-sized data as virtual tables: row i is computed from (seed, i) whenever it is read, so
 * a million Accounts cost no memory at rest; only rows a test edits or deletes are materialised
 * (the store overlays them). Timestamps rise with the row index and end before the org's clock,
 * so an incremental sync sees a realistic, ordered history.
 */
import { toSfDate, toSfDateTime } from '../core/clock.js';
import { VIRTUAL_POD, makeId } from '../core/ids.js';
import { hashUnit } from '../core/random.js';
import type { LocalOrg } from '../org.js';
import { INDUSTRIES } from '../schema/crm-objects.js';
import { type ColumnFn, type VirtualTable, columnTable } from '../store/virtual-table.js';
import { COMPANY_SUFFIX, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES } from './crm-seed.js';

export interface GeneratorOptions {
  /** Last generated row's SystemModstamp (default: one minute before the org's clock). */
  endTime?: number;
  /** Milliseconds between consecutive rows' timestamps (default 1000). */
  spacingMs?: number;
  seed?: number;
}

const CITIES = ['San Francisco', 'New York', 'London', 'Berlin', 'Paris', 'Tokyo', 'Toronto', 'Sydney'];

function pick<T>(items: readonly T[], u: number): T {
  return items[Math.floor(u * items.length)];
}

/** Owner and audit columns: every generated row was created and last changed by `owner` at `ts(i)`. */
function auditColumns(owner: string, ts: ColumnFn): Record<string, ColumnFn> {
  return {
    OwnerId: () => owner,
    CreatedDate: ts,
    CreatedById: () => owner,
    LastModifiedDate: ts,
    LastModifiedById: () => owner,
    SystemModstamp: ts,
  };
}

function timeFor(i: number, count: number, opts: Required<GeneratorOptions>): string {
  return toSfDateTime(opts.endTime - (count - 1 - i) * opts.spacingMs);
}

function defaults(org: LocalOrg, opts: GeneratorOptions): Required<GeneratorOptions> {
  return {
    endTime: opts.endTime ?? org.clock.nowMs() - 60000,
    spacingMs: opts.spacingMs ?? 1000,
    seed: opts.seed ?? org.seed,
  };
}

export function accountTable(org: LocalOrg, count: number, options: GeneratorOptions = {}): VirtualTable {
  const opts = defaults(org, options);
  const owner = org.users.admin.id;
  const u = (i: number, salt: number) => hashUnit(opts.seed, i, salt);
  const employees = (i: number) => (u(i, 3) < 0.1 ? 1000 + Math.floor(u(i, 4) * 50000) : 5 + Math.floor(u(i, 4) * 900));
  const ts = (i: number) => timeFor(i, count, opts);
  return columnTable('Account', count, {
    Id: (i) => makeId('001', VIRTUAL_POD, i),
    IsDeleted: () => false,
    Name: (i) => `${pick(COMPANY_WORDS, u(i, 1))} ${pick(COMPANY_SUFFIX, u(i, 2))} B${i}`,
    Type: (i) => (u(i, 5) < 0.5 ? 'Prospect' : 'Customer - Direct'),
    Industry: (i) => pick(INDUSTRIES, u(i, 6)),
    NumberOfEmployees: employees,
    AnnualRevenue: (i) => employees(i) * 100000,
    Website: (i) => `https://b${i}.example.com`,
    BillingCity: (i) => pick(CITIES, u(i, 7)),
    BillingCountry: () => 'USA',
    Rating: (i) => pick(['Hot', 'Warm', 'Cold'], u(i, 8)),
    ...auditColumns(owner, ts),
  });
}

/** Contacts spread over the first `accountCount` virtual Accounts. */
export function contactTable(
  org: LocalOrg,
  count: number,
  accountCount: number,
  options: GeneratorOptions = {},
): VirtualTable {
  const opts = defaults(org, options);
  const owner = org.users.admin.id;
  const u = (i: number, salt: number) => hashUnit(opts.seed, i, 100 + salt);
  const first = (i: number) => pick(FIRST_NAMES, u(i, 1));
  const last = (i: number) => pick(LAST_NAMES, u(i, 2));
  const ts = (i: number) => timeFor(i, count, opts);
  return columnTable('Contact', count, {
    Id: (i) => makeId('003', VIRTUAL_POD, i),
    IsDeleted: () => false,
    AccountId: (i) => (accountCount > 0 ? makeId('001', VIRTUAL_POD, i % accountCount) : null),
    FirstName: first,
    LastName: last,
    Name: (i) => `${first(i)} ${last(i)}`,
    Email: (i) => `${first(i)}.${last(i)}.${i}@b${i % Math.max(1, accountCount)}.example.com`.toLowerCase(),
    Title: (i) => pick(['CEO', 'VP Sales', 'Engineer', 'Buyer'], u(i, 3)),
    Birthdate: (i) => toSfDate(Date.UTC(1970 + Math.floor(u(i, 4) * 30), 0, 1)),
    ...auditColumns(owner, ts),
  });
}

/** Attaches `count` generated Accounts (and optionally Contacts) to the org. */
export function generateBenchmarkData(
  org: LocalOrg,
  counts: { accounts: number; contacts?: number },
  options: GeneratorOptions = {},
): void {
  org.attachVirtualTable(accountTable(org, counts.accounts, options));
  if (counts.contacts) org.attachVirtualTable(contactTable(org, counts.contacts, counts.accounts, options));
}
