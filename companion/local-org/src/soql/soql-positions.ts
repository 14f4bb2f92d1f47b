/**
 * Where things are in the query text, for error messages only.
 *
 * soql-parser-js gives an AST without source positions, but Salesforce errors carry
 * "ERROR at Row:r:Column:c". This scanner splits the text into coarse tokens with offsets and
 * paren depth so the engine can point at the field, object or operator an error is about.
 * It never decides what the query means; the parser does.
 */

export interface PosToken {
  text: string;
  upper: string;
  start: number;
  end: number;
  /** Paren depth the token sits at ('(' and its matching ')' share the outer depth). */
  depth: number;
}

/** A run of tokens [from, to) that belongs to one query or subquery at `depth`. */
export interface Scope {
  from: number;
  to: number;
  depth: number;
}

export type LogicalKind = '(' | ')' | 'AND' | 'OR' | 'NOT';

export interface LogicalToken {
  kind: LogicalKind;
  token: PosToken;
}

const CLAUSE_KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'WITH',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FOR',
  'UPDATE',
  'USING',
]);
const LOGICAL_WORDS = new Set(['AND', 'OR', 'NOT', 'WHERE', 'HAVING']);

export function scanTokens(soql: string): PosToken[] {
  const tokens: PosToken[] = [];
  let depth = 0;
  let i = 0;
  const push = (start: number, end: number, tokenDepth: number): void => {
    const text = soql.slice(start, end);
    tokens.push({ text, upper: text.toUpperCase(), start, end, depth: tokenDepth });
  };
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < soql.length && soql[j] !== "'") j += soql[j] === '\\' ? 2 : 1;
      push(i, Math.min(j + 1, soql.length), depth);
      i = j + 1;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < soql.length && /[A-Za-z0-9_.$]/.test(soql[j])) j += 1;
      push(i, j, depth);
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < soql.length && /[0-9A-Za-z_.:+-]/.test(soql[j])) j += 1;
      push(i, j, depth);
      i = j;
    } else if (c === '(') {
      push(i, i + 1, depth);
      depth += 1;
      i += 1;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      push(i, i + 1, depth);
      i += 1;
    } else {
      const two = soql.slice(i, i + 2);
      const width = two === '!=' || two === '<>' || two === '<=' || two === '>=' ? 2 : 1;
      push(i, i + width, depth);
      i += width;
    }
  }
  return tokens;
}

export class SoqlPositions {
  readonly tokens: PosToken[];

  constructor(readonly soql: string) {
    this.tokens = scanTokens(soql);
  }

  top(): Scope {
    return { from: 0, to: this.tokens.length, depth: 0 };
  }

  /** Index of the clause keyword (WHERE, FROM, ORDER…) at the scope's own depth. */
  keywordIndex(scope: Scope, keyword: string): number | undefined {
    for (let i = scope.from; i < scope.to; i += 1) {
      const t = this.tokens[i];
      if (t.depth === scope.depth && t.upper === keyword && this.isClauseStart(i)) return i;
    }
    return undefined;
  }

  /** The tokens of one clause, from just after its keyword to the next clause keyword. */
  clause(scope: Scope, keyword: string): Scope | undefined {
    const at = this.keywordIndex(scope, keyword);
    if (at === undefined) return undefined;
    let end = at + 1;
    while (end < scope.to && !(this.tokens[end].depth === scope.depth && this.isClauseStart(end))) end += 1;
    return { from: at + 1, to: end, depth: scope.depth };
  }

  /** Offset of the first token spelled `text` (case-insensitive) inside the scope. */
  find(scope: Scope | undefined, text: string): number | undefined {
    if (!scope) return undefined;
    const upper = text.toUpperCase();
    for (let i = scope.from; i < scope.to; i += 1) {
      if (this.tokens[i].upper === upper) return this.tokens[i].start;
    }
    return undefined;
  }

  /** Offset of the first token spelled `text` that starts at or after `offset`. */
  findAfter(offset: number | undefined, text: string): number | undefined {
    if (offset === undefined) return undefined;
    const upper = text.toUpperCase();
    return this.tokens.find((t) => t.start >= offset && t.upper === upper)?.start;
  }

  /** Offset of the token right after a keyword (the object name after FROM). */
  afterKeyword(scope: Scope, keyword: string): number | undefined {
    const at = this.keywordIndex(scope, keyword);
    return at !== undefined && at + 1 < this.tokens.length ? this.tokens[at + 1].start : undefined;
  }

  startOf(scope: Scope | undefined): number {
    if (!scope || scope.from >= this.tokens.length) return this.soql.length;
    return this.tokens[Math.max(0, scope.from - 1)].start;
  }

  /** `( SELECT … )` groups directly inside the scope's clause, in text order. */
  subqueries(scope: Scope | undefined): Scope[] {
    const found: Scope[] = [];
    if (!scope) return found;
    for (let i = scope.from; i < scope.to - 1; i += 1) {
      const t = this.tokens[i];
      if (t.text === '(' && t.depth === scope.depth && this.tokens[i + 1].upper === 'SELECT') {
        found.push({ from: i + 1, to: this.matchingParen(i), depth: scope.depth + 1 });
      }
    }
    return found;
  }

  /** AND / OR / NOT and grouping parens of a WHERE clause, skipping value lists and subqueries. */
  logicalTokens(where: Scope): LogicalToken[] {
    const out: LogicalToken[] = [];
    for (let i = where.from; i < where.to; i += 1) {
      const t = this.tokens[i];
      if (t.text === '(') {
        const previous = i > 0 ? this.tokens[i - 1] : undefined;
        const next = this.tokens[i + 1];
        // A paren after a field, function name or IN/INCLUDES/EXCLUDES opens a value list or call.
        const isGroup =
          (!previous || previous.text === '(' || LOGICAL_WORDS.has(previous.upper)) && next?.upper !== 'SELECT';
        if (!isGroup) {
          i = this.matchingParen(i);
          continue;
        }
        out.push({ kind: '(', token: t });
      } else if (t.text === ')') {
        out.push({ kind: ')', token: t });
      } else if (t.upper === 'AND' || t.upper === 'OR') {
        out.push({ kind: t.upper, token: t });
      } else if (t.upper === 'NOT' && this.tokens[i + 1]?.upper !== 'IN') {
        out.push({ kind: 'NOT', token: t });
      }
    }
    return out;
  }

  private matchingParen(open: number): number {
    const depth = this.tokens[open].depth;
    for (let i = open + 1; i < this.tokens.length; i += 1) {
      if (this.tokens[i].text === ')' && this.tokens[i].depth === depth) return i;
    }
    return this.tokens.length;
  }

  private isClauseStart(i: number): boolean {
    const t = this.tokens[i];
    if (!CLAUSE_KEYWORDS.has(t.upper)) return false;
    if (t.upper === 'ORDER' || t.upper === 'GROUP') return this.tokens[i + 1]?.upper === 'BY';
    return true;
  }
}
