/**
 * Parsing with @jetstreamapp/soql-parser-js, turning its exceptions into Salesforce's
 * MALFORMED_QUERY: "\n<snippet>\n<caret>\nERROR at Row:1:Column:N\nunexpected token: 'X'".
 *
 * The parser's errors carry the offending token's text but not its position, so the position is
 * recovered from the text: the first occurrence of that token at which a parse of the query cut
 * just after it fails on that same token.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { positionedMessage, SoqlError, unexpectedToken } from './soql-error.js';
import { scanTokens } from './soql-positions.js';

const EOF = '<EOF>';

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    const { token, offset } = locateParseError(soql, error);
    throw new SoqlError('MALFORMED_QUERY', positionedMessage(soql, offset, unexpectedToken(token)));
  }
}

interface ParseFailure {
  token: string;
  offset: number;
}

function locateParseError(soql: string, error: unknown): ParseFailure {
  const message = errorMessage(error);
  const lexing = /unexpected character: ->(.)<- at offset: (\d+)/.exec(message);
  if (lexing) return { token: lexing[1], offset: Number(lexing[2]) };

  const found = foundToken(message);
  const endOfQuery = soql.trimEnd().length;
  if (found === undefined || found === '') return { token: EOF, offset: endOfQuery };

  const candidates = scanTokens(soql).filter((t) => t.text === found || t.text.startsWith(found));
  for (const candidate of candidates) {
    const prefixFound = foundToken(parseMessage(soql.slice(0, candidate.start + found.length)));
    if (prefixFound === found) return { token: found, offset: candidate.start };
  }
  const first = candidates[0];
  return { token: found, offset: first ? first.start : endOfQuery };
}

/** Token text from chevrotain messages ("but found --> 'X' <--", "but found: 'X'", "but found: X"). */
function foundToken(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const arrow = /but found --> '([\s\S]*)' <--/.exec(message);
  if (arrow) return arrow[1];
  const quoted = /but found: '([\s\S]*)'\s*$/.exec(message);
  if (quoted) return quoted[1];
  const bare = /but found: (\S*)\s*$/.exec(message);
  return bare ? bare[1] : undefined;
}

function parseMessage(soql: string): string | undefined {
  try {
    parseQuery(soql);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/** The parser's message, whichever realm its error comes from (the tests share one parser per jest worker). */
function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
