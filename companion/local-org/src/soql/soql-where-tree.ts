/**
 * Rebuilds the logical structure of a WHERE clause.
 *
 * soql-parser-js returns WHERE as a right-nested chain with paren counts on the leaves, without
 * precedence. Salesforce's grammar is stricter than "NOT > AND > OR": parentheses are required
 * whenever operators are mixed ("Parentheses are required whenever you mix the operators", SOQL
 * reference, Logical Operators). A real org answers `A AND B OR C` with MALFORMED_QUERY
 * "unexpected token: 'OR'", `A AND NOT B` with "unexpected token: 'NOT'" and `NOT A AND B` with
 * "unexpected token: 'AND'". The grammar implemented here is the one of the Apex parser
 * (apex-dev-tools/apex-parser, ApexParser.g4), which matches those observations:
 *   logical     := cond (AND cond)* | cond (OR cond)* | NOT cond
 *   cond        := '(' logical ')' | fieldExpression
 */
import type { ConditionWithValueQuery, WhereClause } from '@jetstreamapp/soql-parser-js';
import type { QueryEnv } from './soql-env.js';
import { unexpectedToken } from './soql-error.js';
import type { LogicalKind, Scope } from './soql-positions.js';

export interface ConditionLeaf {
  t: 'cond';
  cond: ConditionWithValueQuery;
  /** Offset of the first logical token before this condition (where to search for its field). */
  searchFrom: number;
}

export type WhereNode = { t: 'and' | 'or'; children: WhereNode[] } | { t: 'not'; child: WhereNode } | ConditionLeaf;

interface FlatToken {
  kind: LogicalKind | 'COND';
  cond?: ConditionWithValueQuery;
  offset: number;
  text: string;
}

/** Loose view of the parser's chain node (its union types do not narrow well). */
interface ChainNode {
  left?: (ConditionWithValueQuery & { openParen?: number; closeParen?: number }) | { openParen?: number } | null;
  operator?: 'AND' | 'OR' | 'NOT';
  right?: ChainNode;
}

export function buildWhereTree(env: QueryEnv, where: WhereClause, whereScope: Scope | undefined): WhereNode {
  const flat = flatten(where as ChainNode);
  placeTokens(env, flat, whereScope);
  const parser = new TreeParser(env, flat, env.positions.startOf(whereScope));
  const tree = parser.logical();
  parser.expectEnd();
  return tree;
}

function flatten(where: ChainNode): FlatToken[] {
  const out: FlatToken[] = [];
  const push = (kind: LogicalKind, count = 1): void => {
    for (let i = 0; i < count; i += 1) out.push({ kind, offset: 0, text: kind });
  };
  let node: ChainNode | undefined = where;
  while (node) {
    if (node.operator === 'NOT') {
      push('(', node.left?.openParen ?? 0);
      push('NOT');
      node = node.right;
      continue;
    }
    const cond = node.left as ConditionWithValueQuery & { openParen?: number; closeParen?: number };
    push('(', cond.openParen ?? 0);
    out.push({ kind: 'COND', cond, offset: 0, text: '' });
    push(')', cond.closeParen ?? 0);
    if (node.operator === 'AND' || node.operator === 'OR') {
      push(node.operator);
      node = node.right;
    } else {
      node = undefined;
    }
  }
  return out;
}

/** Give each operator its offset and spelling in the text (needed for the error position). */
function placeTokens(env: QueryEnv, flat: FlatToken[], whereScope: Scope | undefined): void {
  const fallback = env.positions.startOf(whereScope);
  const scanned = whereScope ? env.positions.logicalTokens(whereScope) : [];
  const logical = flat.filter((t) => t.kind !== 'COND');
  const aligned = scanned.length === logical.length && scanned.every((s, i) => s.kind === logical[i].kind);
  let previous = fallback;
  let next = 0;
  for (const token of flat) {
    if (token.kind === 'COND') {
      token.offset = previous;
      continue;
    }
    const match = aligned ? scanned[next] : undefined;
    next += 1;
    token.offset = match ? match.token.start : fallback;
    token.text = match ? match.token.text : token.kind;
    previous = token.offset;
  }
}

class TreeParser {
  private index = 0;

  constructor(
    private readonly env: QueryEnv,
    private readonly tokens: FlatToken[],
    private readonly endOffset: number,
  ) {}

  logical(): WhereNode {
    if (this.peek()?.kind === 'NOT') {
      this.index += 1;
      return { t: 'not', child: this.condition() };
    }
    const first = this.condition();
    const operator = this.peek()?.kind;
    if (operator !== 'AND' && operator !== 'OR') return first;
    const children = [first];
    while (this.peek()?.kind === operator) {
      this.index += 1;
      children.push(this.condition());
    }
    return { t: operator === 'AND' ? 'and' : 'or', children };
  }

  expectEnd(): void {
    const extra = this.peek();
    if (extra) this.unexpected(extra);
  }

  private condition(): WhereNode {
    const token = this.peek();
    if (!token) return this.env.fail('MALFORMED_QUERY', this.endOffset, unexpectedToken('<EOF>'));
    this.index += 1;
    if (token.kind === 'COND' && token.cond) return { t: 'cond', cond: token.cond, searchFrom: token.offset };
    if (token.kind !== '(') return this.unexpected(token);
    const inner = this.logical();
    const close = this.peek();
    if (close?.kind !== ')')
      return close
        ? this.unexpected(close)
        : this.env.fail('MALFORMED_QUERY', this.endOffset, unexpectedToken('<EOF>'));
    this.index += 1;
    return inner;
  }

  private peek(): FlatToken | undefined {
    return this.tokens[this.index];
  }

  private unexpected(token: FlatToken): never {
    return this.env.fail('MALFORMED_QUERY', token.offset, unexpectedToken(token.text));
  }
}
