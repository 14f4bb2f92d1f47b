/**
 * The closed set of mapping problems. Every problem carries a machine-readable code and a message
 * that names the tab, the Salesforce object and field, the reason, and what to change.
 */
import { TAB_LABELS, type CrmObjectTab } from './mapping-schema.js';

export const MAPPING_PROBLEM_CODES = [
  /** The connected user cannot see the Salesforce object (describe answered NOT_FOUND). */
  'OBJECT_NOT_VISIBLE',
  /** Read and Write mappings exist but the user may not edit records of the object. */
  'OBJECT_NOT_UPDATEABLE',
  /** The tab creates records but the user may not create records of the object. */
  'OBJECT_NOT_CREATEABLE',
  /** The Salesforce field does not exist or is hidden from the user by field-level security. */
  'FIELD_NOT_FOUND',
  'UNKNOWN_ROX_FIELD',
  'DUPLICATE_CUSTOM_ROX_FIELD',
  'TYPE_MISMATCH',
  'FORMULA_FIELD_NOT_WRITABLE',
  'FIELD_NOT_UPDATEABLE',
  'FIELD_NOT_CREATEABLE',
  'DUPLICATE_SALESFORCE_FIELD',
  'DUPLICATE_ROX_FIELD',
  'REQUIRED_MAPPING_MISSING',
  'REQUIRED_MAPPING_READ_ONLY',
  'STATIC_VALUE_NOT_CREATEABLE',
  'STATIC_VALUE_NOT_UPDATEABLE',
  'STATIC_VALUE_WRONG_TYPE',
  'STATIC_VALUE_TOO_LONG',
  'STATIC_VALUE_OUT_OF_RANGE',
  'STATIC_VALUE_NOT_IN_PICKLIST',
  /** Lead Resolution is on but Lead (or Lead.Email) is not visible to the user. */
  'LEAD_RESOLUTION_UNAVAILABLE',
] as const;
export type MappingProblemCode = (typeof MAPPING_PROBLEM_CODES)[number];

export interface MappingProblem {
  code: MappingProblemCode;
  tab: CrmObjectTab;
  sobject: string;
  field?: string;
  roxField?: string;
  message: string;
}

export interface ProblemTarget {
  tab: CrmObjectTab;
  sobject: string;
  field?: string;
  roxField?: string;
}

/** Builds a problem whose message starts with where it is: "Accounts tab, Account.Website: …". */
export function problem(code: MappingProblemCode, at: ProblemTarget, detail: string): MappingProblem {
  const where = at.field ? `${at.sobject}.${at.field}` : at.sobject;
  const out: MappingProblem = {
    code,
    tab: at.tab,
    sobject: at.sobject,
    message: `${TAB_LABELS[at.tab]} tab, ${where}: ${detail}`,
  };
  if (at.field !== undefined) out.field = at.field;
  if (at.roxField !== undefined) out.roxField = at.roxField;
  return out;
}

/** "a Task", "an Account", "an int": for messages that name a type or an object. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
