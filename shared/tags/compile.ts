import { compilePattern, type PatternError } from '../pattern/index.ts';
import { err, ok, type Result, type AppError } from '../result.ts';
import { cleanWords, mergeTriggers, TriggerList } from './triggers.ts';
import { tagKey } from './tag-key.ts';
import type { AddPosition, TagOp } from './ops.ts';

/**
 * An op list turned into steps once per batch: word lists cleaned, regexes built, and the trigger
 * words in effect at each step worked out (they depend only on the op list, not on the caption).
 */
export type Step =
  | { readonly kind: 'add'; readonly tags: readonly string[]; readonly at: AddPosition }
  /** `tags`: the identities (tagKey) to remove, so every spelling goes. */
  | { readonly kind: 'remove'; readonly tags: ReadonlySet<string> }
  | { readonly kind: 'replace'; readonly from: string; readonly to: readonly string[] }
  | { readonly kind: 'replaceText';
      /** Set for case-sensitive literal finds, which need no engine (and tell planBatch what to look for). */
      readonly literal: string | null;
      /** The text with every match replaced. */
      readonly rewrite: (text: string) => string;
    }
  | { readonly kind: 'moveFront'; readonly tags: readonly string[] }
  | { readonly kind: 'sort'; readonly by: 'alpha' | 'freq' }
  | { readonly kind: 'dedupe' }
  | { readonly kind: 'underscoresToSpaces' }
  | { readonly kind: 'trigger'; readonly words: readonly string[] };

export interface CompiledOps {
  readonly steps: readonly Step[];
  /** `triggers[i]` is in effect during and after step i. */
  readonly triggers: readonly TriggerList[];
  /**
   * When every step can only act on text containing one of these strings, a caption containing none
   * of them cannot change and need not be parsed (the `sed`-like replace over 10k files); null when
   * some step (add, sort...) may change any caption.
   */
  readonly needles: Needles | null;
}

/**
 * `exact` needles are looked for in the caption as it is; `folded` ones (tags, which match every
 * spelling) in the caption lowercased with `_` read as a space (foldText).
 */
export interface Needles {
  readonly exact: readonly string[];
  readonly folded: readonly string[];
}

/** As tagKey reads a tag, but over a whole caption, kaomoji included (a prefilter may over-match). */
export const foldText = (text: string): string => text.toLowerCase().replaceAll('_', ' ').replace(/\s{2,}/g, ' ');

/** False only when no step of the list can change this caption. */
export function mayChange(text: string, needles: Needles | null): boolean {
  if (!needles) return true;
  if (needles.exact.some((n) => text.includes(n))) return true;
  if (needles.folded.length === 0) return false;
  const folded = foldText(text);
  return needles.folded.some((n) => folded.includes(n));
}

export class InvalidOpError extends Error {
  readonly kind = 'invalid-regex';
  constructor(
    /** The pattern as the user wrote it, and what is wrong where, for a caret under the spot. */
    readonly pattern: string,
    readonly problem: PatternError,
  ) {
    super(`Invalid pattern /${pattern}/: ${problem.message}`);
  }
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** The text as a regular expression that matches it literally. */
export function escapeRegex(text: string): string {
  return text.replace(REGEX_SYNTAX, '\\$&');
}

/** Throws InvalidOpError for a regex that does not compile; validateOps reports the same as a Result. */
export function compileOps(ops: readonly TagOp[], triggerWords: readonly string[]): CompiledOps {
  const steps: Step[] = [];
  const triggers: TriggerList[] = [];
  let current = new TriggerList(cleanWords(triggerWords));
  for (const op of ops) {
    const step = compileOne(op);
    if (step.kind === 'trigger') current = new TriggerList(mergeTriggers(step.words, current.words));
    steps.push(step);
    triggers.push(current);
  }
  return { steps, triggers, needles: needlesOf(steps) };
}

function compileOne(op: TagOp): Step {
  switch (op.op) {
    case 'add':
      return { kind: 'add', tags: cleanWords(op.tags), at: op.at };
    case 'remove':
      return { kind: 'remove', tags: new Set(cleanWords(op.tags).map(tagKey)) };
    case 'replace':
      return { kind: 'replace', from: op.from.trim(), to: cleanWords([op.to]) };
    case 'replaceText':
      return { kind: 'replaceText', literal: op.regex || !op.caseSensitive ? null : op.find, rewrite: rewriter(op) };
    case 'moveFront':
      return { kind: 'moveFront', tags: cleanWords(op.tags) };
    case 'sort':
      return { kind: 'sort', by: op.by };
    case 'dedupe':
      return { kind: 'dedupe' };
    case 'underscoresToSpaces':
      return { kind: 'underscoresToSpaces' };
    case 'trigger':
      return { kind: 'trigger', words: cleanWords(op.words) };
  }
}

function rewriter(op: Extract<TagOp, { op: 'replaceText' }>): (text: string) => string {
  const { find, replace } = op;
  if (op.regex) {
    // The user's pattern runs on RE2 (linear time), never on the backtracking RegExp engine.
    const compiled = compilePattern(find, { ignoreCase: !op.caseSensitive });
    if (!compiled.ok) throw new InvalidOpError(find, compiled.error);
    const pattern = compiled.value;
    return (text) => pattern.replaceAll(text, replace);
  }
  if (op.caseSensitive) {
    // split/join: the fast path for the common case, and it keeps `$` in the replacement literal.
    return (text) => (text.includes(find) ? text.split(find).join(replace) : text);
  }
  // An escaped literal cannot backtrack, so RegExp is safe here and several times faster than RE2.
  // `u` keeps case folding on code points, as the engine does for regex finds.
  const literal = new RegExp(escapeRegex(find), 'giu');
  return (text) => text.replace(literal, () => replace);
}

function needlesOf(steps: readonly Step[]): Needles | null {
  const exact: string[] = [];
  const folded: string[] = [];
  const tag = (t: string) => folded.push(foldText(t));
  for (const step of steps) {
    switch (step.kind) {
      case 'remove':
        step.tags.forEach(tag);
        break;
      case 'replace':
        if (step.from === '') return null;
        tag(step.from);
        break;
      case 'replaceText':
        if (step.literal === null) return null;
        exact.push(step.literal);
        break;
      case 'moveFront':
        step.tags.forEach(tag);
        break;
      case 'underscoresToSpaces':
        exact.push('_');
        break;
      default:
        return null;
    }
  }
  return { exact, folded };
}

/** Checks an op list before it is applied, so a bad pattern is reported instead of thrown. */
export function validateOps(ops: readonly TagOp[]): Result<readonly TagOp[], AppError> {
  const problem = patternProblem(ops);
  return problem ? err({ kind: problem.kind, message: problem.message }) : ok(ops);
}

/** The first op whose pattern cannot run, with the pattern and the offset to mark; null when all can. */
export function patternProblem(ops: readonly TagOp[]): InvalidOpError | null {
  for (const op of ops) {
    if (op.op !== 'replaceText' || !op.regex) continue;
    const compiled = compilePattern(op.find, { ignoreCase: !op.caseSensitive });
    if (!compiled.ok) return new InvalidOpError(op.find, compiled.error);
  }
  return null;
}
