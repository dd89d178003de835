import { normalizeProse, normalizeTags, rebuildCaption, sameTags, type CaptionDoc } from '../caption/index.ts';
import { compileOps, type CompiledOps, type Step } from './compile.ts';
import { underscoresToSpaces } from './kaomoji.ts';
import { tagKey } from './tag-key.ts';
import type { TriggerList } from './triggers.ts';
import type { TagOp } from './ops.ts';

export interface OpContext {
  /** The dataset's trigger words, in caption order. */
  triggerWords: readonly string[];
  /** Dataset frequency of each tag, for `sort by freq`. */
  frequencies: ReadonlyMap<string, number>;
  /** Separator for lines that never showed one (a single tag, an empty caption). */
  separator: string;
}

/*
 * Semantics shared by every op
 * ----------------------------
 * - Tags compare by identity (tagKey): `long_hair`, `long hair` and `Long Hair` are one tag, so
 *   removing, replacing or moving one finds every spelling, and adding one that is present under
 *   another spelling adds nothing. The text written is the text given. Parentheses, backslashes, `:3`
 *   and kaomoji are plain text, and kaomoji keep their underscores (`^_^` is not `^ ^`).
 * - Trigger words stay first. The trigger words are ctx.triggerWords plus the words of every
 *   `trigger` op met so far in the list (a trigger op's words lead). After any op that changed a
 *   caption's tags, the trigger words present move to the front in that order, everything else keeping
 *   its relative order. An op that changed nothing reorders nothing: a caption is only rewritten
 *   because an op did something to it.
 * - `add` at `start` inserts at index 0 and the re-pinning then puts the trigger words back in front
 *   of it, so `start` and `afterTriggers` are the same place: right after the trigger words. An index
 *   N counts over the whole list (trigger words included) and is clamped to the end; if it lands among
 *   the trigger words the tag ends up right after them. A tag already present is never added again.
 *   `dedupe` keeps the first spelling of each tag.
 * - `replace` with itself is a no-op. Replacing into a tag that is already present removes the old tag
 *   and leaves the present one where it is. `to` may hold several comma-separated tags, or none
 *   (an explicit removal).
 * - `replaceText` runs on each tag alone (a match never spans two tags) and on the prose as a whole.
 *   A tag that becomes empty is dropped; a comma written into a tag splits it, as the file would read
 *   it back. Literal patterns are literal, `$` included; a regex is written in JavaScript syntax, runs on
 *   RE2 (shared/pattern: linear time, no backreferences or lookaround) and replaces with JS `$1` syntax.
 * - `sort` and `moveFront` never put a tag before the trigger words. `freq` is descending dataset
 *   frequency, ties alphabetical; `alpha` is case-insensitive code-point order, ties broken by exact
 *   code units so the order is total and machine-independent (Intl collation was ten times slower
 *   on big batches, for little gain on booru tags, which are lowercase ASCII).
 * - `underscoresToSpaces` leaves trigger words alone: they are chosen tokens, not booru tags.
 */
export function applyOps(doc: CaptionDoc, ops: readonly TagOp[], ctx: OpContext): CaptionDoc {
  if (ops.length === 0) return doc;
  return runCompiled(doc, compileOps(ops, ctx.triggerWords), ctx);
}

export function runCompiled(doc: CaptionDoc, compiled: CompiledOps, ctx: OpContext): CaptionDoc {
  let tags: readonly string[] = doc.tags;
  let prose = doc.prose;
  for (let i = 0; i < compiled.steps.length; i++) {
    const step = compiled.steps[i]!;
    const triggers = compiled.triggers[i]!;
    if (step.kind === 'replaceText' && prose !== '') prose = step.rewrite(prose);
    const next = applyStep(tags, step, triggers, ctx);
    if (next !== tags && !sameTags(next, tags)) tags = triggers.pin(next);
  }
  if (tags === doc.tags && prose === doc.prose) return doc;
  // Every step yields normalized tags; only the prose (free text after replaceText) needs cleaning.
  if (prose !== doc.prose) prose = normalizeProse(prose);
  if (prose === doc.prose && sameTags(tags, doc.tags)) return doc;
  return rebuildCaption(doc, tags, prose, ctx.separator);
}

function applyStep(tags: readonly string[], step: Step, triggers: TriggerList, ctx: OpContext): readonly string[] {
  switch (step.kind) {
    case 'add': {
      const present = keys(tags);
      const added = step.tags.filter((t) => {
        const key = tagKey(t);
        if (present.has(key)) return false;
        present.add(key);
        return true;
      });
      if (added.length === 0) return tags;
      const at = step.at === 'end' ? tags.length : step.at === 'start' || step.at === 'afterTriggers' ? 0 : Math.min(step.at, tags.length);
      return [...tags.slice(0, at), ...added, ...tags.slice(at)];
    }
    case 'remove':
      return tags.some((t) => step.tags.has(tagKey(t))) ? tags.filter((t) => !step.tags.has(tagKey(t))) : tags;
    case 'replace':
      return replaceTag(tags, step.from, step.to);
    case 'replaceText':
      return replaceInTags(tags, step);
    case 'moveFront': {
      const wanted = new Set(step.tags.map(tagKey));
      if (!tags.some((t) => wanted.has(tagKey(t)))) return tags;
      const front: string[] = [];
      for (const w of step.tags) for (const t of tags) if (tagKey(t) === tagKey(w)) front.push(t);
      return [...front, ...tags.filter((t) => !wanted.has(tagKey(t)))];
    }
    case 'sort':
      return sortTags(tags, step.by, triggers, ctx.frequencies);
    case 'dedupe': {
      const seen = new Set<string>();
      const unique = tags.filter((t) => {
        const key = tagKey(t);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return unique.length === tags.length ? tags : unique;
    }
    case 'underscoresToSpaces': {
      let changed = false;
      const out = tags.map((t) => {
        if (triggers.has(t)) return t;
        const spaced = underscoresToSpaces(t).trim();
        // A tag made only of underscores would vanish; keeping it beats losing it silently.
        if (spaced === '' || spaced === t) return t;
        changed = true;
        return spaced;
      });
      return changed ? out : tags;
    }
    case 'trigger': {
      const words = new Set(step.words);
      return [...step.words, ...tags.filter((t) => !words.has(t))];
    }
  }
}

const keys = (tags: readonly string[]): Set<string> => new Set(tags.map(tagKey));

function replaceTag(tags: readonly string[], from: string, to: readonly string[]): readonly string[] {
  const fromKey = tagKey(from);
  const matching = tags.filter((t) => tagKey(t) === fromKey);
  if (matching.length === 0) return tags;
  // Replacing a tag with itself changes nothing; with another spelling of itself, it unifies them.
  if (to.length === 1 && matching.length === 1 && matching[0] === to[0]) return tags;
  const others = keys(tags.filter((t) => tagKey(t) !== fromKey));
  const out: string[] = [];
  for (const tag of tags) {
    if (tagKey(tag) !== fromKey) {
      out.push(tag);
      continue;
    }
    for (const t of to) {
      const key = tagKey(t);
      if (others.has(key)) continue;
      others.add(key);
      out.push(t);
    }
  }
  return out;
}

type TextStep = Extract<Step, { kind: 'replaceText' }>;

function replaceInTags(tags: readonly string[], step: TextStep): readonly string[] {
  let out: string[] | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const next = step.rewrite(tag);
    if (next === tag) {
      out?.push(tag);
      continue;
    }
    out ??= tags.slice(0, i);
    for (const t of normalizeTags([next])) out.push(t);
  }
  return out ?? tags;
}

function alphaCompare(a: string, b: string): number {
  if (a === b) return 0;
  // toLowerCase hands back the same string for lowercase ASCII, the usual booru tag, so this is cheap.
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : 1;
}

function sortTags(
  tags: readonly string[],
  by: 'alpha' | 'freq',
  triggers: TriggerList,
  frequencies: ReadonlyMap<string, number>,
): readonly string[] {
  const pinned = triggers.pin(tags);
  let k = 0;
  while (k < pinned.length && triggers.has(pinned[k]!)) k++;
  const rest = pinned.slice(k);
  if (by === 'alpha') {
    // With nothing to fold, case-insensitive order is code-unit order: the engine's default sort.
    if (rest.every((t) => t.toLowerCase() === t)) rest.sort();
    else rest.sort(alphaCompare);
  } else rest.sort((a, b) => (frequencies.get(b) ?? 0) - (frequencies.get(a) ?? 0) || alphaCompare(a, b));
  return pinned.slice(0, k).concat(rest);
}
