import type { CompareOp, QuerySyntaxError } from './ast.ts';
import { syntaxError } from './ast.ts';
import type { Result } from '../result.ts';
import { ok, err } from '../result.ts';

/**
 * A field value as written. `literal` has escapes resolved and treats '*' / '?' as plain characters
 * (what text: wants); `glob` is the same value in glob syntax, where only the unescaped '*' / '?'
 * are wildcards and every literal '*', '?' or '\' carries a '\' (what tag: and file: want).
 */
export interface PlainValue {
  kind: 'plain';
  pos: number;
  quoted: boolean;
  literal: string;
  glob: string;
  hasWildcard: boolean;
}

export interface RegexValue {
  kind: 'regex';
  pos: number;
  source: string;
  flags: string;
  flagsPos: number;
}

export type Value = PlainValue | RegexValue;

export interface FieldRef {
  /** Lowercased field name. */
  name: string;
  /** Field name as typed, for messages. */
  raw: string;
  pos: number;
  op: ':' | CompareOp;
  opPos: number;
}

export type Token =
  | { type: 'lparen'; pos: number }
  | { type: 'rparen'; pos: number }
  | { type: 'and' | 'or' | 'not'; pos: number; text: string }
  | { type: 'term'; pos: number; field: FieldRef | null; value: Value }
  | { type: 'eof'; pos: number };

/** Fields whose value may be written as /regex/flags. Elsewhere a leading '/' is just a character. */
const REGEX_FIELDS = new Set(['tag', 'text']);

/** Escapes honoured in values; any other backslash is kept, so tags like `\m/` need no quoting tricks. */
const ESCAPABLE = new Set(['"', '\\', '*', '?']);

const FIELD_NAME = /[A-Za-z][A-Za-z0-9_]*/y;
const COMPARE = /(>=|<=|!=|>|<|=)/y;
const OPERATOR_ONLY = /^[<>=!]+$/;

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * Tokens are pulled one at a time so the parser reports the leftmost problem: a stray ')' early in
 * the query wins over an unclosed quote later in it.
 */
export class Lexer {
  private i = 0;

  constructor(private readonly src: string) {}

  next(): Result<Token, QuerySyntaxError> {
    const { src } = this;
    while (isSpace(src[this.i])) this.i++;
    const start = this.i;
    const c = src[start];
    if (c === undefined) return ok({ type: 'eof', pos: start });
    if (c === '(') {
      this.i++;
      return ok({ type: 'lparen', pos: start });
    }
    if (c === ')') {
      this.i++;
      return ok({ type: 'rparen', pos: start });
    }
    if (c === '-') {
      this.i++;
      return ok({ type: 'not', pos: start, text: '-' });
    }
    if (c === '"') {
      const value = this.readQuoted();
      if (!value.ok) return value;
      return ok({ type: 'term', pos: start, field: null, value: value.value });
    }
    const field = this.readFieldPrefix();
    if (field) {
      const value = this.readFieldValue(field);
      if (!value.ok) return value;
      return ok({ type: 'term', pos: start, field, value: value.value });
    }
    const word = this.readUnquoted();
    if (!word.quoted) {
      const lower = word.literal.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') {
        return ok({ type: lower, pos: start, text: lower.toUpperCase() });
      }
      if (OPERATOR_ONLY.test(word.literal)) {
        return err(syntaxError(
          `'${word.literal}' on its own is not a term: write comparisons without spaces, like tags>30, or put the text in quotes`,
          start,
        ));
      }
    }
    return ok({ type: 'term', pos: start, field: null, value: word });
  }

  /** `name:` or `name>=` etc. directly attached; leaves the cursor after the operator. */
  private readFieldPrefix(): FieldRef | null {
    const { src } = this;
    FIELD_NAME.lastIndex = this.i;
    const name = FIELD_NAME.exec(src);
    if (!name) return null;
    const opPos = this.i + name[0].length;
    let op: FieldRef['op'] | null = null;
    if (src[opPos] === ':') op = ':';
    else {
      COMPARE.lastIndex = opPos;
      const m = COMPARE.exec(src);
      if (m) op = m[0] as CompareOp;
    }
    if (op === null) return null;
    const field: FieldRef = { name: name[0].toLowerCase(), raw: name[0], pos: this.i, op, opPos };
    this.i = opPos + op.length;
    return field;
  }

  private readFieldValue(field: FieldRef): Result<Value, QuerySyntaxError> {
    const { src } = this;
    const c = src[this.i];
    if (c === undefined || isSpace(c) || c === ')') {
      return err(syntaxError(`Expected a value after '${field.raw}${field.op}'`, this.i));
    }
    if (c === '"') return this.readQuoted();
    if (c === '/' && field.op === ':' && REGEX_FIELDS.has(field.name)) return this.readRegex();
    return ok(this.readUnquoted());
  }

  /**
   * Unquoted values end at whitespace or at a ')' that closes nothing inside the value, so
   * `tag:name_(series)` and `tag:(o)_(o)` stay whole while `(tag:smile)` still closes its group.
   */
  private readUnquoted(): PlainValue {
    const { src } = this;
    const pos = this.i;
    const acc = new ValueBuilder();
    let depth = 0;
    while (this.i < src.length) {
      const c = src[this.i] as string;
      if (isSpace(c)) break;
      if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === '(') depth++;
      this.i += acc.push(c, src[this.i + 1]);
    }
    return acc.finish(pos, false);
  }

  private readQuoted(): Result<PlainValue, QuerySyntaxError> {
    const { src } = this;
    const pos = this.i;
    const acc = new ValueBuilder();
    this.i++;
    while (this.i < src.length) {
      const c = src[this.i] as string;
      if (c === '"') {
        this.i++;
        const after = this.expectBoundary('closing quote');
        if (after) return err(after);
        return ok(acc.finish(pos, true));
      }
      this.i += acc.push(c, src[this.i + 1]);
    }
    return err(syntaxError('Unclosed quote: add a matching " (write \\" for a quote inside the value)', pos));
  }

  private readRegex(): Result<RegexValue, QuerySyntaxError> {
    const { src } = this;
    const pos = this.i;
    let k = pos + 1;
    let inClass = false;
    // Same rules as a JS regex literal: '\' escapes, and '/' inside [...] does not end the pattern.
    while (k < src.length) {
      const c = src[k];
      if (c === '\\') k += 2;
      else if (c === '[') { inClass = true; k++; }
      else if (c === ']') { inClass = false; k++; }
      else if (c === '/' && !inClass) break;
      else k++;
    }
    if (k >= src.length) {
      return err(syntaxError('Unclosed regular expression: add the closing /', pos));
    }
    const source = src.slice(pos + 1, k);
    if (source === '') return err(syntaxError('Empty regular expression', pos));
    const flagsPos = k + 1;
    let end = flagsPos;
    while (end < src.length && /[A-Za-z]/.test(src[end] as string)) end++;
    this.i = end;
    const after = this.expectBoundary('regular expression');
    if (after) return err(after);
    return ok({ kind: 'regex', pos, source, flags: src.slice(flagsPos, end), flagsPos });
  }

  /** `tag:"a"b` is almost always a typo; refusing it beats silently searching for `b` as text. */
  private expectBoundary(what: string): QuerySyntaxError | null {
    const c = this.src[this.i];
    if (c === undefined || c === ')' || isSpace(c)) return null;
    return syntaxError(`Expected a space or ')' after the ${what}`, this.i);
  }
}

class ValueBuilder {
  private literal = '';
  private glob = '';
  private hasWildcard = false;

  /** Consumes one character (two for an escape) and returns how many source characters it used. */
  push(c: string, next: string | undefined): number {
    if (c === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      this.addLiteral(next);
      return 2;
    }
    if (c === '*' || c === '?') {
      this.literal += c;
      this.glob += c;
      this.hasWildcard = true;
      return 1;
    }
    this.addLiteral(c);
    return 1;
  }

  finish(pos: number, quoted: boolean): PlainValue {
    return { kind: 'plain', pos, quoted, literal: this.literal, glob: this.glob, hasWildcard: this.hasWildcard };
  }

  private addLiteral(c: string): void {
    this.literal += c;
    this.glob += c === '*' || c === '?' || c === '\\' ? `\\${c}` : c;
  }
}
