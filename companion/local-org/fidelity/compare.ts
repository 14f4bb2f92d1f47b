/**
 * Structural comparison of a documented response body with the local org's.
 *
 * Documented examples come from someone else's org, so values differ; what must hold is the
 * shape: every key the documentation shows is present with a compatible JSON type, Salesforce
 * Ids look like Ids, dates and date-times are written in the same format, service paths stay
 * service paths, and documented array elements exist. A documented null matches anything and a
 * null of ours matches a documented value (both are data). Values are compared only at the
 * pointers a case lists as `exact`; `ignore` pointers are skipped. Keys we send that the
 * documentation does not show are reported as extras, never as failures (newer API versions
 * add keys).
 */

export interface Difference {
  pointer: string;
  problem: string;
}

export interface Comparison {
  differences: Difference[];
  extras: string[];
}

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const DATE_LIKE = /^\d{4}-\d\d-\d\d(?:$|T)/;

/** A documented string is an Id when it has the 15/18-character shape and a key-prefix-like start. */
function looksLikeId(s: string): boolean {
  return ID.test(s) && /\d/.test(s.slice(0, 3)) && /\d{2,}/.test(s.slice(3));
}

/** 2024-01-02T03:04:05.000+0000 → 9999-99-99T99:99:99.999+9999 */
function datePattern(s: string): string {
  return s.replace(/\d/g, '9');
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

export function compareBodies(
  documented: unknown,
  ours: unknown,
  options: { exact?: string[]; ignore?: string[] } = {},
): Comparison {
  const exact = new Set(options.exact ?? []);
  const ignore = new Set(options.ignore ?? []);
  const differences: Difference[] = [];
  const extras: string[] = [];
  const seenExact = new Set<string>();

  const walk = (doc: unknown, got: unknown, pointer: string): void => {
    if (ignore.has(pointer)) return;
    if (exact.has(pointer)) {
      seenExact.add(pointer);
      if (stable(doc) !== stable(got))
        differences.push({
          pointer,
          problem: `expected ${stable(doc)}, got ${got === undefined ? 'nothing' : stable(got)}`,
        });
      return;
    }
    if (got === undefined) {
      differences.push({ pointer, problem: 'missing' });
      return;
    }
    if (doc === null || got === null) return;
    const want = typeOf(doc);
    const have = typeOf(got);
    if (want !== have) {
      differences.push({ pointer, problem: `expected ${want}, got ${have} ${stable(got).slice(0, 60)}` });
      return;
    }
    if (want === 'array') {
      const d = doc as unknown[];
      const g = got as unknown[];
      d.forEach((item, i) => {
        if (i < g.length) walk(item, g[i], `${pointer}/${i}`);
        else
          differences.push({
            pointer: `${pointer}/${i}`,
            problem: `documented element missing (ours has ${g.length})`,
          });
      });
      return;
    }
    if (want === 'object') {
      const d = doc as Record<string, unknown>;
      const g = got as Record<string, unknown>;
      for (const key of Object.keys(d)) walk(d[key], g[key], `${pointer}/${escapePointer(key)}`);
      for (const key of Object.keys(g)) if (!(key in d)) extras.push(`${pointer}/${escapePointer(key)}`);
      return;
    }
    if (want === 'string') {
      const d = doc as string;
      const g = got as string;
      if (looksLikeId(d) && !ID.test(g))
        differences.push({ pointer, problem: `expected a Salesforce Id, got ${JSON.stringify(g)}` });
      else if (DATE_LIKE.test(d) && datePattern(d) !== datePattern(g))
        differences.push({ pointer, problem: `expected the format of ${JSON.stringify(d)}, got ${JSON.stringify(g)}` });
      else if (d.startsWith('/services/') && !g.startsWith('/services/'))
        differences.push({ pointer, problem: `expected a /services/ path, got ${JSON.stringify(g)}` });
    }
  };

  walk(documented, ours, '');
  for (const pointer of exact)
    if (!seenExact.has(pointer) && !ignore.has(pointer) && atPointer(documented, pointer) === undefined)
      differences.push({ pointer, problem: 'an exact pointer that is not in the documented body' });
  return { differences, extras };
}

/** Value at a JSON pointer (RFC 6901), or undefined. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let cur: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
