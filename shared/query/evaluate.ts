import type { CompareOp, CountProperty, QueryItem, QueryNode, QuerySyntaxError, TagMatcher, TextMatcher } from './ast.ts';
import { pathGlob, tagGlob } from './glob.ts';
import { compilePattern, parsePatternFlags, type UserPattern } from '../pattern/index.ts';
import { isTriggerOnly, mayShrink, tagKey } from '../tags/tag-key.ts';
import { parseQuery } from './parser.ts';
import type { Result } from '../result.ts';
import { ok } from '../result.ts';

/**
 * Per-item scratch space shared by all terms of one query, so `text:a text:b` lowercases the
 * caption once, and a query without text terms never lowercases it at all.
 */
interface EvalContext {
  readonly item: QueryItem;
  lowerText: string | undefined;
}

type Predicate = (ctx: EvalContext) => boolean;

const lowerText = (ctx: EvalContext): string => (ctx.lowerText ??= ctx.item.text.toLowerCase());

const NOT_BLANK = /\S/;

export type ItemPredicate = (item: QueryItem) => boolean;

/** What a query reads besides each item: the dataset's trigger words (`is:trigger-only`). */
export interface QueryEnv {
  triggerWords?: readonly string[];
}

/** Compiles an AST once: needles lowercased, globs and regexes built, ready for 100k items. */
export function compileNode(node: QueryNode, env: QueryEnv = {}): ItemPredicate {
  const predicate = build(node, env);
  return (item) => predicate({ item, lowerText: undefined });
}

const compiledCache = new WeakMap<QueryNode, ItemPredicate>();

/** Interprets by compiling once per AST object, so calling it in a loop stays cheap. */
export function evaluateQuery(node: QueryNode, item: QueryItem): boolean {
  let predicate = compiledCache.get(node);
  if (!predicate) {
    predicate = compileNode(node);
    compiledCache.set(node, predicate);
  }
  return predicate(item);
}

export function compileQuery(src: string, env: QueryEnv = {}): Result<ItemPredicate, QuerySyntaxError> {
  const parsed = parseQuery(src);
  return parsed.ok ? ok(compileNode(parsed.value, env)) : parsed;
}

function build(node: QueryNode, env: QueryEnv): Predicate {
  switch (node.type) {
    case 'all':
      return () => true;
    case 'and': {
      const parts = node.operands.map((n) => build(n, env));
      return (ctx) => {
        for (const p of parts) if (!p(ctx)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.operands.map((n) => build(n, env));
      return (ctx) => {
        for (const p of parts) if (p(ctx)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = build(node.operand, env);
      return (ctx) => !inner(ctx);
    }
    case 'tag':
      return buildTag(node.match);
    case 'text':
      return buildText(node.match);
    case 'file': {
      const glob = pathGlob(node.pattern);
      return (ctx) => glob.test(ctx.item.path);
    }
    case 'has':
      switch (node.property) {
        // A blank caption file trains exactly like a missing one, so it does not count as a caption.
        case 'caption':
          return node.present
            ? (ctx) => ctx.item.hasCaption && NOT_BLANK.test(ctx.item.text)
            : (ctx) => !(ctx.item.hasCaption && NOT_BLANK.test(ctx.item.text));
        case 'prose':
          return node.present ? (ctx) => NOT_BLANK.test(ctx.item.prose) : (ctx) => !NOT_BLANK.test(ctx.item.prose);
        case 'tags':
          return node.present ? (ctx) => ctx.item.tags.length > 0 : (ctx) => ctx.item.tags.length === 0;
      }
      break;
    case 'is':
      // The switch makes a new property a type error here until it is handled.
      switch (node.property) {
        case 'reviewed':
          return (ctx) => ctx.item.reviewed;
        case 'trigger-only': {
          const words = env.triggerWords ?? [];
          return (ctx) => ctx.item.hasCaption && isTriggerOnly(ctx.item, words);
        }
      }
      break;
    case 'count': {
      const measure = COUNTERS[node.property];
      const test = comparator(node.op, node.value);
      return (ctx) => test(measure(ctx.item));
    }
  }
}

/** Tags match by identity (tagKey): `tag:long_hair` and `tag:"Long Hair"` find the same images. */
function buildTag(match: TagMatcher): Predicate {
  switch (match.kind) {
    case 'exact': {
      const needle = tagKey(match.value);
      // tagKey keeps the length of a string that lowercases to ASCII unless it holds a run of spaces
      // or underscores, so for ASCII needles a length check skips tagKey for almost every tag.
      const lengthFilter = isAscii(needle);
      const n = needle.length;
      return (ctx) => {
        for (const t of ctx.item.tags) {
          if (t === needle) return true;
          if ((!lengthFilter || t.length === n || (t.length > n && mayShrink(t))) && tagKey(t) === needle) return true;
        }
        return false;
      };
    }
    case 'glob': {
      // The glob as written against the tag as written (a kaomoji glob keeps its underscores), or
      // both with `_` read as a space, so `tag:long_*` finds `long hair` too.
      const written = tagGlob(match.pattern);
      const spaced = tagGlob(match.pattern.replaceAll('_', ' '));
      return (ctx) => {
        for (const t of ctx.item.tags) if (written.test(t) || spaced.test(t.replaceAll('_', ' '))) return true;
        return false;
      };
    }
    case 'regex':
      return anyTag(regexOf(match));
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const anyTag = (pattern: UserPattern): Predicate => (ctx) => {
  for (const t of ctx.item.tags) if (pattern.test(t)) return true;
  return false;
};

/** The parser has already checked the pattern and its flags; an AST built by hand is checked here. */
function regexOf(match: { source: string; flags: string }): UserPattern {
  const flags = parsePatternFlags(match.flags);
  const compiled = flags.ok ? compilePattern(match.source, flags.value) : flags;
  if (!compiled.ok) throw new Error(`invalid pattern /${match.source}/${match.flags}: ${compiled.error.message}`);
  return compiled.value;
}

function buildText(match: TextMatcher): Predicate {
  if (match.kind === 'regex') {
    const pattern = regexOf(match);
    return (ctx) => pattern.test(ctx.item.text);
  }
  const needle = match.value.toLowerCase();
  if (needle === '') return () => true;
  return (ctx) => lowerText(ctx).includes(needle);
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Characters are code points, so an emoji counts as one, as a person counting would. */
function codePointLength(s: string): number {
  // The regex scan is several times faster than the loop below, and almost no caption needs the loop.
  if (!HAS_SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const COUNTERS: Record<CountProperty, (item: QueryItem) => number> = {
  tags: (item) => item.tags.length,
  sentences: (item) => item.sentences,
  chars: (item) => codePointLength(item.text),
};

function comparator(op: CompareOp, v: number): (x: number) => boolean {
  switch (op) {
    case '>': return (x) => x > v;
    case '>=': return (x) => x >= v;
    case '<': return (x) => x < v;
    case '<=': return (x) => x <= v;
    case '=': return (x) => x === v;
    case '!=': return (x) => x !== v;
  }
}
