import { err, ok, type Result, type AppError } from '../result.ts';
import { cleanWords, mergeTriggers, TriggerList } from './triggers.ts';
import type { AddPosition, TagOp } from './ops.ts';

/**
 * An op list turned into steps once per batch: word lists cleaned, regexes built, and the trigger
 * words in effect at each step worked out (they depend only on the op list, not on the caption).
 */
export type Step =
  | { readonly kind: 'add'; readonly tags: readonly string[]; readonly at: AddPosition }
  | { readonly kind: 'remove'; readonly tags: ReadonlySet<string> }
  | { readonly kind: 'replace'; readonly from: string; readonly to: readonly string[] }
  | { readonly kind: 'replaceText';
      /** Set for case-sensitive literal finds, which skip the regex engine. */
      readonly literal: string | null;
      readonly regex: boolean;
      readonly pattern: RegExp;
      readonly replace: string;
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
  readonly needles: readonly string[] | null;
}

export class InvalidOpError extends Error {
  readonly kind = 'invalid-regex';
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
      return { kind: 'remove', tags: new Set(cleanWords(op.tags)) };
    case 'replace':
      return { kind: 'replace', from: op.from.trim(), to: cleanWords([op.to]) };
    case 'replaceText': {
      // `u` matches how the CLI validates patterns, and keeps `.` from splitting an emoji in two.
      const flags = op.caseSensitive ? 'gu' : 'giu';
      let pattern: RegExp;
      try {
        pattern = new RegExp(op.regex ? op.find : escapeRegex(op.find), flags);
      } catch (e) {
        throw new InvalidOpError(`invalid regular expression /${op.find}/: ${(e as Error).message}`);
      }
      const literal = !op.regex && op.caseSensitive ? op.find : null;
      return { kind: 'replaceText', literal, regex: op.regex, pattern, replace: op.replace };
    }
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

function needlesOf(steps: readonly Step[]): string[] | null {
  const needles: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'remove':
        needles.push(...step.tags);
        break;
      case 'replace':
        if (step.from === '') return null;
        needles.push(step.from);
        break;
      case 'replaceText':
        if (step.literal === null) return null;
        needles.push(step.literal);
        break;
      case 'moveFront':
        needles.push(...step.tags);
        break;
      case 'underscoresToSpaces':
        needles.push('_');
        break;
      default:
        return null;
    }
  }
  return needles;
}

/** Checks an op list before it is applied, so a bad regex is reported instead of thrown. */
export function validateOps(ops: readonly TagOp[]): Result<readonly TagOp[], AppError> {
  try {
    compileOps(ops, []);
    return ok(ops);
  } catch (e) {
    if (e instanceof InvalidOpError) return err({ kind: e.kind, message: e.message });
    throw e;
  }
}
