/**
 * WHERE literals: SOQL text → a comparable value for the field's kind, with Salesforce's
 * type checks ("value of filter criterion for field 'X' must be of type …", invalid Ids,
 * invalid dates), and LIKE patterns.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import { dateLiteralRange, dayNumberToIso, dayNumberToMs } from './date-literals.js';
import type { QueryEnv } from './soql-env.js';
import { filterValueType } from './soql-error.js';
import type { ResolvedPath } from './soql-fields.js';
import { comparableOf, filterTypeName, toEpochMs, type Comparable } from './soql-values.js';

export interface Literal {
  /** A single comparable value, or a half-open range for date literals. */
  value?: Comparable;
  range?: { start: string | number; end: string | number };
}

/** The parts of a parsed condition the engine reads (the parser's union types do not narrow well). */
export interface RawCondition {
  field?: string;
  fn?: { rawValue?: string; functionName?: string };
  operator: string;
  value?: string | string[];
  literalType?: string | string[];
  dateLiteralVariable?: number | number[];
  valueQuery?: Query;
}

export interface RawLiteral {
  text: string;
  type: string;
  n: number | undefined;
}

export function literalList(cond: RawCondition): RawLiteral[] {
  const values = Array.isArray(cond.value) ? cond.value : [cond.value ?? ''];
  const types = cond.literalType;
  const ns = cond.dateLiteralVariable;
  return values.map((text, i) => ({
    text,
    type: (Array.isArray(types) ? types[i] : types) ?? 'STRING',
    n: Array.isArray(ns) ? ns[i] : ns,
  }));
}

/** SOQL string literal → its value: quotes removed, backslash escapes resolved. */
export function unquote(text: string): string {
  const body = text.startsWith("'") && text.endsWith("'") && text.length >= 2 ? text.slice(1, -1) : text;
  if (!body.includes('\\')) return body;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  return body.replace(/\\(.)/gs, (_, c: string) => escapes[c.toLowerCase()] ?? c);
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Converts one literal for the field's kind; `offset` is the literal's position, for errors. */
export function toLiteral(env: QueryEnv, path: ResolvedPath, raw: RawLiteral, offset: number | undefined): Literal {
  const kind = path.kind;
  const mismatch = (): never =>
    env.fail('INVALID_FIELD', offset, filterValueType(path.canonical, filterTypeName(kind)));
  switch (raw.type) {
    case 'NULL':
      return { value: null };
    case 'STRING': {
      const text = unquote(raw.text);
      if (kind === 'id') {
        // An empty string means null, as for text fields (UNCONFIRMED for Id fields).
        if (text === '') return { value: null };
        if (!ID_PATTERN.test(text)) env.fail(env.filterOperatorErrorCode(), offset, `invalid ID field: ${text}`);
        return { value: text.slice(0, 15) };
      }
      if (kind !== 'text' && kind !== 'multipicklist') return mismatch();
      return { value: comparableOf(kind, text) };
    }
    case 'BOOLEAN':
      return kind === 'boolean' ? { value: raw.text.toUpperCase() === 'TRUE' } : mismatch();
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return kind === 'number' ? { value: Number(raw.text.replace(/^[A-Za-z]{3}/, '')) } : mismatch();
    case 'DATE': {
      if (kind !== 'date') return mismatch();
      const ms = toEpochMs(raw.text);
      if (ms === null || new Date(ms).toISOString().slice(0, 10) !== raw.text) {
        return env.fail('MALFORMED_QUERY', offset, `Invalid date: ${raw.text}`);
      }
      return { value: raw.text };
    }
    case 'DATETIME': {
      if (kind !== 'datetime') return mismatch();
      const ms = toEpochMs(raw.text);
      return ms === null ? env.fail('MALFORMED_QUERY', offset, `Invalid datetime: ${raw.text}`) : { value: ms };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': {
      if (kind !== 'date' && kind !== 'datetime') return mismatch();
      const name = raw.text.split(':')[0];
      const range = dateLiteralRange(name, raw.n, env.now);
      if (!range) return env.fail('MALFORMED_QUERY', offset, `unexpected token: '${raw.text}'`);
      return kind === 'date'
        ? { range: { start: dayNumberToIso(range.start), end: dayNumberToIso(range.end) } }
        : { range: { start: dayNumberToMs(range.start), end: dayNumberToMs(range.end) } };
    }
    default:
      return env.unsupported(offset, `The literal ${raw.text}`);
  }
}

export function likeRegExp(quoted: string): RegExp {
  const body = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  let source = '';
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      i += 1;
      source += escapeRegExp(unquote(`\\${body[i]}`));
    } else if (c === '%') {
      source += '.*';
    } else if (c === '_') {
      source += '.';
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
