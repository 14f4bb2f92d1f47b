/**
 * The Salesforce reads of lead resolution: Contacts and Leads by email or Id, batched with
 * `IN (...)` and chunked so every query URL stays well under the REST limit, plus the
 * deterministic tie-break. Only the fields the rules rely on are read, and checked with zod.
 */
import { soqlString } from '../../salesforce/soql.js';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { LeadResolutionPorts } from './lead-resolution-types.js';

/**
 * A REST call's URI and headers together may be at most 16,384 bytes (Salesforce Help 000386264);
 * jsforce sends the SOQL as `?q=` + encodeURIComponent(soql). 12,000 encoded characters leaves
 * room for the instance URL, the path and the headers.
 */
export const MAX_ENCODED_SOQL = 12_000;
/** Values per `IN (...)`: keeps each query small even for short values. */
export const MAX_IN_VALUES = 250;

const contactSchema = z.object({
  Id: z.string().min(1),
  Email: z.string().nullish(),
  AccountId: z.string().nullish(),
  LastModifiedDate: z.string().min(1),
});
const leadSchema = z.object({
  Id: z.string().min(1),
  Email: z.string().nullish(),
  IsConverted: z.boolean(),
  ConvertedContactId: z.string().nullish(),
  ConvertedAccountId: z.string().nullish(),
  LastModifiedDate: z.string().min(1),
});
export type ContactRow = z.infer<typeof contactSchema>;
export type LeadRow = z.infer<typeof leadSchema>;

const CONTACT_FIELDS = 'Id, Email, AccountId, LastModifiedDate';
const LEAD_FIELDS = 'Id, Email, IsConverted, ConvertedContactId, ConvertedAccountId, LastModifiedDate';

/** A SOQL string literal: backslash and single quote escaped (SOQL escape sequences). */
export { soqlString };

/**
 * Builds `${head} IN (v1,v2,...)` queries over the values, each with at most MAX_IN_VALUES values
 * and at most MAX_ENCODED_SOQL characters once URL-encoded.
 */
export function inQueries(head: string, values: string[]): string[] {
  const queries: string[] = [];
  const fixed = encodeURIComponent(`${head} IN ()`).length;
  const sep = encodeURIComponent(',').length;
  let batch: string[] = [];
  let size = fixed;
  for (const value of values) {
    const literal = soqlString(value);
    const length = encodeURIComponent(literal).length;
    if (batch.length > 0 && (batch.length >= MAX_IN_VALUES || size + sep + length > MAX_ENCODED_SOQL)) {
      queries.push(`${head} IN (${batch.join(',')})`);
      batch = [];
      size = fixed;
    }
    size += (batch.length > 0 ? sep : 0) + length;
    batch.push(literal);
  }
  if (batch.length > 0) queries.push(`${head} IN (${batch.join(',')})`);
  return queries;
}

async function run<T>(
  ports: Pick<LeadResolutionPorts, 'query'>,
  schema: z.ZodType<T>,
  what: string,
  queries: string[],
): Promise<T[]> {
  const rows: T[] = [];
  // One query at a time: the count of calls is what matters, and a burst would compete with the
  // rest of the companion for the connection's concurrent-request allowance.
  for (const soql of queries) {
    for (const raw of await ports.query(soql)) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        throw new AppError(
          'SALESFORCE_ERROR',
          `Salesforce returned ${what} without the fields lead resolution needs.`,
          {
            details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          },
        );
      rows.push(parsed.data);
    }
  }
  return rows;
}

export function contactsByEmail(ports: Pick<LeadResolutionPorts, 'query'>, emails: string[]): Promise<ContactRow[]> {
  return run(ports, contactSchema, 'a Contact', inQueries(`SELECT ${CONTACT_FIELDS} FROM Contact WHERE Email`, emails));
}

export function leadsByEmail(ports: Pick<LeadResolutionPorts, 'query'>, emails: string[]): Promise<LeadRow[]> {
  return run(ports, leadSchema, 'a Lead', inQueries(`SELECT ${LEAD_FIELDS} FROM Lead WHERE Email`, emails));
}

export function contactsById(ports: Pick<LeadResolutionPorts, 'query'>, ids: string[]): Promise<ContactRow[]> {
  return run(ports, contactSchema, 'a Contact', inQueries(`SELECT ${CONTACT_FIELDS} FROM Contact WHERE Id`, ids));
}

export function leadsById(ports: Pick<LeadResolutionPorts, 'query'>, ids: string[]): Promise<LeadRow[]> {
  return run(ports, leadSchema, 'a Lead', inQueries(`SELECT ${LEAD_FIELDS} FROM Lead WHERE Id`, ids));
}

/** Rows grouped by their normalised Email (rows whose email was not asked about are dropped). */
export function byEmail<T extends { Email?: string | null }>(rows: T[], wanted: Set<string>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = (row.Email ?? '').trim().toLowerCase();
    if (!wanted.has(key)) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Salesforce writes DateTimes as `2024-05-01T10:00:00.000+0000`; make the offset ISO so Date parses it. */
function timeOf(value: string): number {
  const t = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The tie-break: most recently modified first, then the lowest Id (plain string order). */
export function compareCandidates(a: { Id: string; LastModifiedDate: string }, b: typeof a): number {
  const dt = timeOf(b.LastModifiedDate) - timeOf(a.LastModifiedDate);
  if (dt !== 0) return dt;
  return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
}

/** The chosen candidate and a phrase on how it was chosen ("most recently modified of 2 Contacts ..."). */
export function pick<T extends { Id: string; LastModifiedDate: string }>(
  rows: T[],
  noun: string,
  plural: string,
): { row: T; why: string } | undefined {
  if (rows.length === 0) return undefined;
  const sorted = [...rows].sort(compareCandidates);
  if (sorted.length === 1) return { row: sorted[0], why: `the only ${noun}` };
  const tied = timeOf(sorted[0].LastModifiedDate) === timeOf(sorted[1].LastModifiedDate);
  return {
    row: sorted[0],
    why: tied
      ? `lowest Id of the most recently modified among ${sorted.length} ${plural}`
      : `most recently modified of ${sorted.length} ${plural}`,
  };
}
