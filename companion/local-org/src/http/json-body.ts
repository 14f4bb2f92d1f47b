/**
 * Strict JSON parsing that reports errors the way Salesforce does (its REST layer uses Jackson):
 * `JSON_PARSER_ERROR` with messages such as
 * `Unexpected character ('j' (code 106)): was expecting a colon to separate field name and value at [line:1, column:18]`.
 * It also remembers where each object member's value ends, so type-mismatch errors raised later
 * ("Cannot deserialize instance of double from VALUE_STRING value abc ...") can name the position.
 */
import { Errors, OrgError } from '../core/errors.js';

export interface JsonPosition {
  line: number;
  column: number;
}

/** Position (end of value token) of each member value, per parsed object. */
export const memberPositions = new WeakMap<object, Map<string, JsonPosition>>();

class Parser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly s: string) {}

  private pos(): JsonPosition {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string): never {
    const p = this.pos();
    throw Errors.jsonParser(`${message} at [line:${p.line}, column:${p.column}]`);
  }

  private describeChar(): string {
    const c = this.s[this.i];
    if (c === undefined) return 'end-of-input';
    return `character ('${c}' (code ${c.charCodeAt(0)}))`;
  }

  private unexpected(expecting: string): never {
    if (this.i >= this.s.length) this.fail(`Unexpected end-of-input: ${expecting}`);
    this.fail(`Unexpected ${this.describeChar()}: ${expecting}`);
  }

  private ws(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\n') {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else break;
    }
  }

  parseDocument(): unknown {
    this.ws();
    if (this.i >= this.s.length) {
      throw Errors.jsonParser('The HTTP entity body is required, but this request has no entity body.');
    }
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) this.unexpected('expected end-of-input');
    return v;
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, val] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return val;
      }
    }
    this.unexpected("expected a valid value (number, String, array, object, 'true', 'false' or 'null')");
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    const positions = new Map<string, JsonPosition>();
    memberPositions.set(out, positions);
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.unexpected('was expecting a colon to separate field name and value');
      this.i++;
      const v = this.value();
      positions.set(key, this.pos());
      out[key] = v;
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      this.unexpected('was expecting comma to separate Object entries');
    }
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.unexpected('was expecting comma to separate Array entries');
    }
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const map: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e === 'u') {
          const hex = this.s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.i += 2;
            this.unexpected('expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
        } else if (e !== undefined && map[e] !== undefined) {
          out += map[e];
          this.i += 2;
        } else {
          this.i++;
          this.fail(
            `Unrecognized character escape ${e === undefined ? 'end-of-input' : `'${e}' (code ${e.charCodeAt(0)})`}`,
          );
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) {
        this.fail(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`,
        );
      }
      out += c;
      this.i++;
    }
  }

  private number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    this.i += m[0].length;
    return Number(m[0]);
  }
}

/** Parses a request body; throws OrgError JSON_PARSER_ERROR shaped like Salesforce's. */
export function parseJsonBody(text: string): unknown {
  return new Parser(text).parseDocument();
}

export function positionSuffix(obj: object | undefined, key: string): string {
  const p = obj ? memberPositions.get(obj)?.get(key) : undefined;
  return p ? ` at [line:${p.line}, column:${p.column}]` : '';
}

export function isOrgJsonError(e: unknown): e is OrgError {
  return e instanceof OrgError && e.errorCode === 'JSON_PARSER_ERROR';
}
