/**
 * Which Salesforce field types a Rox value type can live in, and whether a static value fits a
 * Salesforce field. One table serves both directions of a mapping: a pair is allowed only when a
 * value survives Salesforce → Rox and Rox → Salesforce without a lossy or locale-dependent
 * conversion (no number ↔ text, no date ↔ date-time, no long text into a 255-character field).
 */
import type { DescribeSObjectResult } from '../salesforce/names.js';
import type { RoxFieldType } from './mapping-schema.js';
import { withArticle } from './mapping-problems.js';
import type { RoxFieldDef } from './rox-fields.js';

export type SalesforceField = DescribeSObjectResult['fields'][number];

export const SALESFORCE_TYPES_FOR_ROX: Readonly<Record<RoxFieldType, readonly string[]>> = {
  // A text Rox field may hold a lookup's Salesforce Id (e.g. a line item's OpportunityId on a custom tab).
  string: ['string', 'textarea', 'combobox', 'picklist', 'url', 'phone', 'encryptedstring', 'reference'],
  text: ['textarea'],
  email: ['email', 'string', 'textarea', 'encryptedstring'],
  phone: ['phone', 'string', 'encryptedstring'],
  url: ['url', 'string', 'textarea'],
  integer: ['int', 'long', 'double', 'currency', 'percent'],
  number: ['double', 'currency', 'percent'],
  currency: ['currency', 'double'],
  percent: ['percent', 'double'],
  boolean: ['boolean'],
  date: ['date'],
  datetime: ['datetime'],
  picklist: ['picklist', 'combobox', 'string'],
  multipicklist: ['multipicklist'],
  reference: ['reference'],
};

/** Why the Rox field cannot map to the Salesforce field, or undefined when it can. */
export function typeMismatch(rox: RoxFieldDef, field: SalesforceField): string | undefined {
  const allowed = SALESFORCE_TYPES_FOR_ROX[rox.type];
  if (!allowed.includes(field.type)) {
    return `Rox field "${rox.key}" holds ${rox.type} values but ${field.name} is a Salesforce ${field.type} field; map it to a field of type ${allowed.join(', ')}`;
  }
  if (rox.type === 'reference' && rox.referenceTo && !(field.referenceTo ?? []).includes(rox.referenceTo)) {
    const targets = (field.referenceTo ?? []).join(', ') || 'nothing';
    return `Rox field "${rox.key}" links to ${withArticle(rox.referenceTo)} but ${field.name} is a lookup to ${targets}; map it to a lookup to ${rox.referenceTo}`;
  }
  return undefined;
}

export type StaticValueCode =
  'STATIC_VALUE_WRONG_TYPE' | 'STATIC_VALUE_TOO_LONG' | 'STATIC_VALUE_OUT_OF_RANGE' | 'STATIC_VALUE_NOT_IN_PICKLIST';

export interface StaticValueIssue {
  code: StaticValueCode;
  reason: string;
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'combobox', 'encryptedstring']);
const DECIMAL_TYPES = new Set(['double', 'currency', 'percent']);
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function wrongType(field: SalesforceField, expected: string, value: unknown): StaticValueIssue {
  return {
    code: 'STATIC_VALUE_WRONG_TYPE',
    reason: `${field.name} is ${withArticle(field.type)} field and needs ${expected}, but the static value is ${JSON.stringify(value)}`,
  };
}

function tooLong(field: SalesforceField, value: string): StaticValueIssue | undefined {
  const length = [...value].length;
  if (field.length > 0 && length > field.length) {
    return {
      code: 'STATIC_VALUE_TOO_LONG',
      reason: `the static value is ${length} characters but ${field.name} holds at most ${field.length}`,
    };
  }
  return undefined;
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function integerDigits(value: number): number {
  return String(Math.trunc(Math.abs(value))).replace(/^0$/, '').length;
}

function picklistIssue(field: SalesforceField, value: string): StaticValueIssue | undefined {
  if (!field.restrictedPicklist) return undefined;
  const entries = (field.picklistValues ?? []) as Array<{ value: string; active: boolean }>;
  const active = entries.filter((p) => p.active).map((p) => p.value);
  const chosen = field.type === 'multipicklist' ? value.split(';') : [value];
  for (const v of chosen) {
    if (active.includes(v)) continue;
    const inactive = entries.some((p) => p.value === v && !p.active);
    const caseOnly = active.find((a) => a.toLowerCase() === v.toLowerCase());
    const hint = caseOnly ? ` (did you mean "${caseOnly}"?)` : '';
    const shown = active.length > 12 ? `${active.slice(0, 12).join(', ')}, …` : active.join(', ');
    return {
      code: 'STATIC_VALUE_NOT_IN_PICKLIST',
      reason: `${field.name} is a restricted picklist and "${v}" is ${inactive ? 'an inactive value' : 'not one of its values'}${hint}; allowed values: ${shown}`,
    };
  }
  return undefined;
}

/** Why the static value cannot be written to the field, or undefined when it can. */
export function staticValueIssue(
  field: SalesforceField,
  value: string | number | boolean,
): StaticValueIssue | undefined {
  const type = field.type;
  if (TEXT_TYPES.has(type) || type === 'picklist' || type === 'multipicklist') {
    if (typeof value !== 'string') return wrongType(field, 'text (a JSON string)', value);
    if (type === 'email' && !EMAIL.test(value)) return wrongType(field, 'an email address', value);
    return tooLong(field, value) ?? picklistIssue(field, value);
  }
  if (type === 'boolean') {
    return typeof value === 'boolean' ? undefined : wrongType(field, 'true or false (a JSON boolean)', value);
  }
  if (type === 'int' || type === 'long' || DECIMAL_TYPES.has(type)) {
    const integer = type === 'int' || type === 'long';
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      return wrongType(field, integer ? 'a whole number (a JSON number)' : 'a number (a JSON number)', value);
    }
    const maxDigits = integer ? field.digits : field.precision - field.scale;
    if (maxDigits > 0 && integerDigits(value) > maxDigits) {
      return {
        code: 'STATIC_VALUE_OUT_OF_RANGE',
        reason: `${value} has ${integerDigits(value)} digits before the decimal point but ${field.name} allows at most ${maxDigits}`,
      };
    }
    return undefined;
  }
  if (type === 'date') {
    return typeof value === 'string' && validDate(value) ? undefined : wrongType(field, 'a date "YYYY-MM-DD"', value);
  }
  if (type === 'datetime') {
    const ok = typeof value === 'string' && DATETIME.test(value) && !Number.isNaN(Date.parse(value));
    return ok ? undefined : wrongType(field, 'an ISO 8601 date-time with a zone, e.g. "2025-01-31T09:00:00Z"', value);
  }
  if (type === 'time') {
    return typeof value === 'string' && TIME.test(value) ? undefined : wrongType(field, 'a time "HH:MM:SS"', value);
  }
  if (type === 'reference') {
    return typeof value === 'string' && SALESFORCE_ID.test(value)
      ? undefined
      : wrongType(field, 'a 15- or 18-character Salesforce record Id', value);
  }
  return {
    code: 'STATIC_VALUE_WRONG_TYPE',
    reason: `${field.name} is ${withArticle(type)} field, which cannot hold a static value`,
  };
}
