/**
 * SoqlError and the exact Salesforce message texts the engine produces.
 *
 * Positioned errors (MALFORMED_QUERY, INVALID_TYPE, INVALID_FIELD) look like this in a real org:
 *   "\nSELECT Id, Bogus FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Bogus' …"
 * The first line is a window of the query line that holds the error, cut at whitespace; the caret
 * sits under the error's column. The window width is not documented: the limits below were inferred
 * from about a dozen real messages quoted in public issues (UNCONFIRMED: words that end within 30
 * characters before the error and words that start within 34 characters after it are shown).
 */
import type { SoqlErrorShape } from './soql-types.js';

export type SoqlErrorCode = SoqlErrorShape['errorCode'];

export class SoqlError extends Error {
  readonly errorCode: SoqlErrorCode;

  constructor(errorCode: SoqlErrorCode, message: string) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
  }

  toJSON(): SoqlErrorShape {
    return { message: this.message, errorCode: this.errorCode };
  }
}

const WORDS_BEFORE_WITHIN = 30;
const WORDS_AFTER_WITHIN = 34;

/** `\n<snippet>\n<caret>\nERROR at Row:r:Column:c\n<text>` for an error at `offset` of `soql`. */
export function positionedMessage(soql: string, offset: number, text: string): string {
  const at = Math.max(0, Math.min(offset, soql.length));
  const lineStart = soql.lastIndexOf('\n', at - 1) + 1;
  const nextBreak = soql.indexOf('\n', at);
  const lineEnd = nextBreak === -1 ? soql.length : nextBreak;
  const row = countLineBreaks(soql, lineStart) + 1;
  const column = at - lineStart + 1;

  let snippetStart = at;
  let snippetEnd = at;
  const line = soql.slice(lineStart, lineEnd);
  for (const word of line.matchAll(/\S+/g)) {
    const start = lineStart + (word.index ?? 0);
    const end = start + word[0].length;
    const keep = end > at ? start - at < WORDS_AFTER_WITHIN : at - end < WORDS_BEFORE_WITHIN;
    if (keep) {
      snippetStart = Math.min(snippetStart, start);
      snippetEnd = Math.max(snippetEnd, end);
    }
  }
  const snippet = soql.slice(snippetStart, snippetEnd);
  const caret = `${' '.repeat(at - snippetStart)}^`;
  return `\n${snippet}\n${caret}\nERROR at Row:${row}:Column:${column}\n${text}`;
}

function countLineBreaks(text: string, before: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < before; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

// ---- Message texts (wording copied from real org responses quoted in public issues) ----

export function unexpectedToken(token: string): string {
  return `unexpected token: '${token}'`;
}

export function sObjectNotSupported(name: string): string {
  return (
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to ` +
    `append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
  );
}

export function noSuchColumn(field: string, entity: string): string {
  return (
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to ` +
    `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
  );
}

export function relationshipNotUnderstood(relationship: string): string {
  return (
    `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom ` +
    `relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or ` +
    `the describe call for the appropriate names.`
  );
}

export function childRelationshipNotUnderstood(relationship: string): string {
  return (
    `Didn't understand relationship '${relationship}' in FROM part of query call. If you are attempting to use a ` +
    `custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your ` +
    `WSDL or the describe call for the appropriate names.`
  );
}

/** Salesforce's type-mismatch wording; `type` is e.g. 'dateTime', 'date', 'boolean', 'double'. */
export function filterValueType(field: string, type: string): string {
  return type === 'string'
    ? `value of filter criterion for field '${field}' must be of type string and should be enclosed in quotes`
    : `value of filter criterion for field '${field}' must be of type ${type} and should not be enclosed in quotes`;
}

/** Clear refusal for SOQL the local org does not implement (the real org would accept it). */
export function unsupported(soql: string, offset: number, feature: string): SoqlError {
  return new SoqlError(
    'MALFORMED_QUERY',
    positionedMessage(soql, offset, `${feature} is not supported by the local org's SOQL engine`),
  );
}
