import type { CompareOp, CountProperty, HasProperty, IsProperty, QueryNode, QuerySyntaxError } from './ast.ts';
import { syntaxError } from './ast.ts';
import type { FieldRef, Token, Value } from './lexer.ts';
import { Lexer } from './lexer.ts';
import type { Result } from '../result.ts';
import { ok, err } from '../result.ts';
import { compilePattern, parsePatternFlags } from '../pattern/index.ts';

/**
 * The query syntax reference. It is the parser's documentation and the text the UI and CLI show as
 * help, kept as one string so the two cannot drift apart.
 */
export const QUERY_HELP = `Filter queries pick the images a view or a batch edit applies to.

Terms
  tag:smile            the caption has this tag (whole tag, case-insensitive)
  tag:"long hair"      quote values that contain spaces or start with a quote
  tag:*hair  tag:?girl '*' matches any run of characters, '?' exactly one
  tag:/hair$/i         regular expression tested against each tag
  text:red             line 1 of the caption contains "red" (case-insensitive, no wildcards)
  text:/re+d/i         regular expression tested against line 1
  red   "red dress"    a bare word or quoted string means text:
  file:*.png           glob on the image path relative to the dataset root, case-insensitive;
  file:"sub dir/*"       a pattern without '/' matches the file name in any folder,
  file:**/close*.jpg     '*' stays within a folder, '**' crosses folders
  has:caption          the caption file exists and line 1 is not blank (missing:caption = opposite)
  has:prose            line 1 has a sentence part             (missing:prose)
  has:tags             line 1 has at least one tag            (missing:tags)
  is:reviewed          the image is marked reviewed           (-is:reviewed = not marked)
  is:trigger-only      line 1 holds only the trigger words: captioned in name only
  tags>30  tags<=3     number of tags; also sentences and chars (characters of line 1)
  sentences!=3         operators: >  >=  <  <=  =  !=   (no spaces: chars>200)

Combining
  a b      a AND b     both (writing terms side by side means AND)
  a OR b               either
  NOT a    -a          not a
  ( ... )              grouping; NOT binds tighter than AND, AND tighter than OR:
                       "a OR b c" is "a OR (b AND c)"
  AND, OR, NOT are case-insensitive; quote them to search for the words: text:"and"
  An empty query matches every image.

Values
  Danbooru tags with parentheses work unquoted when the parentheses balance:
  tag:hatsune_miku_(cosplay)  tag:(o)_(o)
  Quotes protect spaces, parentheses, colons and keywords: tag:"^_^"  tag:":3"  tag:"name_(series"
  In tag: and file: values '*' and '?' stay wildcards, quoted or not.
  Escapes: \\" a quote   \\\\ a backslash   \\* and \\? a literal * or ?
  Any other backslash is kept as written: tag:"\\m/"

Regular expressions
  Written as in JavaScript, with the flags i (ignore case), m, s and u. They run on RE2, whose time
  grows with the text, never with the pattern, so no pattern can hang: backreferences (\\1) and
  lookaround ((?=…) (?!…) (?<=…) (?<!…)) are refused. \\s is ASCII whitespace (\\p{Zs} for others).`;

const COUNT_FIELDS: ReadonlySet<string> = new Set<CountProperty>(['tags', 'sentences', 'chars']);
const HAS_VALUES: ReadonlySet<string> = new Set<HasProperty>(['caption', 'prose', 'tags']);
const IS_VALUES: ReadonlySet<string> = new Set<IsProperty>(['reviewed', 'trigger-only']);
const KNOWN_FIELDS = 'tag, text, file, has, missing, is, tags, sentences, chars';

/** Deep enough for any hand-written query, shallow enough that recursion can never overflow. */
const MAX_DEPTH = 200;

class ParseFailure {
  constructor(readonly error: QuerySyntaxError) {}
}

const fail = (message: string, position: number): never => {
  throw new ParseFailure(syntaxError(message, position));
};

/** Never throws: every problem comes back as a syntax error pointing into `src`. */
export function parseQuery(src: string): Result<QueryNode, QuerySyntaxError> {
  try {
    return ok(new Parser(src).parseAll());
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.error);
    throw e;
  }
}

class Parser {
  private readonly lexer: Lexer;
  private tok: Token;
  private depth = 0;

  constructor(src: string) {
    this.lexer = new Lexer(src);
    this.tok = this.pull();
  }

  parseAll(): QueryNode {
    if (this.tok.type === 'eof') return { type: 'all' };
    const node = this.parseOr();
    if (this.tok.type === 'rparen') {
      fail("Unmatched ')': there is no '(' before it (quote the value to search for a ')')", this.tok.pos);
    }
    return node;
  }

  private pull(): Token {
    const next = this.lexer.next();
    if (!next.ok) throw new ParseFailure(next.error);
    return next.value;
  }

  /** Re-reads the token after calls that advanced it; TypeScript would keep an earlier narrowing. */
  private current(): Token {
    return this.tok;
  }

  private advance(): void {
    this.tok = this.pull();
  }

  private startsOperand(): boolean {
    const t = this.tok.type;
    return t === 'term' || t === 'not' || t === 'lparen';
  }

  /** Called right after an operator was consumed; points at whatever stands where the operand should. */
  private requireOperandAfter(op: string): void {
    if (!this.startsOperand()) fail(`'${op}' needs a term after it`, this.tok.pos);
  }

  private parseOr(): QueryNode {
    const operands = [this.parseAnd()];
    while (this.tok.type === 'or') {
      const op = this.tok.text;
      this.advance();
      this.requireOperandAfter(op);
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as QueryNode) : { type: 'or', operands };
  }

  private parseAnd(): QueryNode {
    const operands = [this.parseUnary()];
    for (;;) {
      if (this.tok.type === 'and') {
        const op = this.tok.text;
        this.advance();
        this.requireOperandAfter(op);
      } else if (!this.startsOperand()) break;
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? (operands[0] as QueryNode) : { type: 'and', operands };
  }

  private parseUnary(): QueryNode {
    if (this.tok.type !== 'not') return this.parsePrimary();
    const op = this.tok;
    this.enter(op.pos);
    this.advance();
    this.requireOperandAfter(op.text);
    const operand = this.parseUnary();
    this.depth--;
    return { type: 'not', operand };
  }

  private parsePrimary(): QueryNode {
    const tok = this.tok;
    switch (tok.type) {
      case 'term': {
        const node = termToNode(tok.field, tok.value);
        this.advance();
        return node;
      }
      case 'lparen': {
        this.enter(tok.pos);
        this.advance();
        if (this.tok.type === 'rparen') return fail('Empty parentheses: put a term inside', this.tok.pos);
        if (this.tok.type === 'eof') return fail("Unclosed '(': add a matching ')'", tok.pos);
        const node = this.parseOr();
        if (this.current().type !== 'rparen') return fail("Unclosed '(': add a matching ')'", tok.pos);
        this.advance();
        this.depth--;
        return node;
      }
      case 'and':
      case 'or':
        return fail(`'${tok.text}' needs a term before it`, tok.pos);
      case 'rparen':
        return fail("Unmatched ')': there is no '(' before it (quote the value to search for a ')')", tok.pos);
      case 'not':
      case 'eof':
        // parseUnary handles 'not'; every caller checks for an operand before reaching 'eof'.
        return fail('Expected a term', tok.pos);
    }
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) fail(`Query is nested too deeply (more than ${MAX_DEPTH} levels)`, pos);
  }
}

function termToNode(field: FieldRef | null, value: Value): QueryNode {
  if (field === null) {
    // The lexer only produces regex values after tag: / text:, so a bare term is always plain.
    return { type: 'text', match: { kind: 'substring', value: value.kind === 'plain' ? value.literal : value.source } };
  }
  const { name } = field;
  if (COUNT_FIELDS.has(name)) return countNode(field, name as CountProperty, value);
  const known = name === 'tag' || name === 'text' || name === 'file' || name === 'has' || name === 'missing' || name === 'is';
  if (!known) {
    return fail(
      `Unknown field '${field.raw}'. Fields are: ${KNOWN_FIELDS}. To search for the text itself, put it in quotes`,
      field.pos,
    );
  }
  if (field.op !== ':') {
    return fail(
      `'${field.raw}' takes a value after ':' (${name}:value); only tags, sentences and chars can be compared with ${field.op}`,
      field.opPos,
    );
  }
  if (value.kind === 'regex') {
    const regex = { kind: 'regex' as const, source: value.source, flags: checkedFlags(value.source, value.flags, value.flagsPos, value.pos) };
    return name === 'tag' ? { type: 'tag', match: regex } : { type: 'text', match: regex };
  }
  switch (name) {
    case 'tag':
      return {
        type: 'tag',
        match: value.hasWildcard ? { kind: 'glob', pattern: value.glob } : { kind: 'exact', value: value.literal },
      };
    case 'text':
      return { type: 'text', match: { kind: 'substring', value: value.literal } };
    case 'file':
      return { type: 'file', pattern: value.glob };
    case 'is': {
      const property = value.literal.toLowerCase();
      if (!IS_VALUES.has(property)) {
        return fail(`Unknown value '${value.literal}' for ${field.raw}: use ${[...IS_VALUES].join(', ')}`, value.pos);
      }
      return { type: 'is', property: property as IsProperty };
    }
    default: {
      const property = value.literal.toLowerCase();
      if (!HAS_VALUES.has(property)) {
        return fail(`Unknown value '${value.literal}' for ${field.raw}: use caption, prose or tags`, value.pos);
      }
      return { type: 'has', property: property as HasProperty, present: name === 'has' };
    }
  }
}

function countNode(field: FieldRef, property: CountProperty, value: Value): QueryNode {
  const text = value.kind === 'plain' ? value.literal : '';
  if (!/^[0-9]+$/.test(text)) {
    const hint = property === 'tags' && field.op === ':' ? ` (to match a tag, use tag:${text})` : '';
    return fail(`Expected a whole number after '${field.raw}${field.op}'${hint}`, value.pos);
  }
  // `tags:3` reads naturally as "exactly 3 tags"; treating it as '=' beats rejecting it.
  const op: CompareOp = field.op === ':' ? '=' : field.op;
  return { type: 'count', property, op, value: Number(text) };
}

/** Checked here, so a pattern RE2 cannot run is a syntax error with a caret, never a failure later. */
function checkedFlags(source: string, flags: string, flagsPos: number, regexPos: number): string {
  const parsed = parsePatternFlags(flags);
  if (!parsed.ok) fail(parsed.error.message, flagsPos + parsed.error.position);
  const compiled = compilePattern(source, parsed.ok ? parsed.value : {});
  // +1: the pattern starts after the opening '/'.
  if (!compiled.ok) fail(compiled.error.message, regexPos + 1 + compiled.error.position);
  return flags;
}
