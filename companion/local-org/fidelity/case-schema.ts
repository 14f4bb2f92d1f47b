/**
 * The fidelity suite's case files (fidelity/cases/*.json): documented Salesforce request/response
 * pairs, transcribed verbatim from the page named in `source`, replayed against the local org.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

const Headers = z.record(z.string(), z.string());

export const StepSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']),
  /** Path on the org's host (templated), e.g. /services/data/v62.0/sobjects/Account/ */
  path: z.string().startsWith('/'),
  /** JSON value, or a string sent as is (CSV, form bodies: give the content-type in headers). */
  body: z.unknown().optional(),
  headers: Headers.optional(),
  /** name → JSON pointer into the response body, or "header:<name>"; used later as {{name}}. */
  save: z.record(z.string(), z.string()).optional(),
});

export const CaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
  title: z.string().min(1),
  source: z.url(),
  user: z.enum(['admin', 'integration', 'none']).default('admin'),
  setup: z.array(StepSchema).default([]),
  request: StepSchema.omit({ save: true }),
  response: z.strictObject({
    status: z.number().int(),
    headers: Headers.optional(),
    /** The documented body, verbatim (or a CSV header line with format "csv"). */
    body: z.unknown().optional(),
    format: z.enum(['json', 'csv']).default('json'),
    /** JSON pointers whose documented values must be equal, not just of the same shape. */
    exact: z.array(z.string()).default([]),
    /** JSON pointers of documented keys not compared (org features the local org cannot have). */
    ignore: z.array(z.string()).default([]),
  }),
  note: z.string().optional(),
});

export type Step = z.infer<typeof StepSchema>;
export type FidelityCase = z.infer<typeof CaseSchema> & { file: string };

/** Every case of every file in `dir` (or the given files), ids unique across files. */
export function loadCases(paths: string[]): FidelityCase[] {
  const files = paths.flatMap((p) =>
    p.endsWith('.json')
      ? [p]
      : readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f)),
  );
  const seen = new Map<string, string>();
  const out: FidelityCase[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not JSON (${(e as Error).message})`);
    }
    const parsed = z.array(CaseSchema).safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    for (const c of parsed.data) {
      const earlier = seen.get(c.id);
      if (earlier) throw new Error(`${file}: case id ${c.id} is also used in ${earlier}`);
      seen.set(c.id, file);
      out.push({ ...c, file: basename(file) });
    }
  }
  return out;
}
