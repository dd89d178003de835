import { normalizeTags } from '../caption/index.ts';
import type { TagOp } from './ops.ts';

/**
 * The trigger words in effect, in caption order. Built once per op list, not per caption.
 */
export class TriggerList {
  readonly words: readonly string[];
  private readonly rank: ReadonlyMap<string, number>;

  constructor(words: readonly string[]) {
    this.words = words;
    this.rank = new Map(words.map((w, i) => [w, i]));
  }

  has(tag: string): boolean {
    return this.rank.has(tag);
  }

  /**
   * Moves the trigger words present in `tags` to the front, in trigger-list order (every occurrence,
   * so dedupe stays a separate decision); the other tags keep their relative order. Returns `tags`
   * itself when there is nothing to move.
   */
  pin(tags: readonly string[]): readonly string[] {
    if (this.words.length === 0 || this.isPinned(tags)) return tags;
    const front: string[] = [];
    const others: string[] = [];
    for (const tag of tags) (this.rank.has(tag) ? front : others).push(tag);
    if (front.length === 0) return tags;
    front.sort((a, b) => this.rank.get(a)! - this.rank.get(b)!);
    return front.concat(others);
  }

  /** True when the trigger words present already lead, in order: the usual case, checked without allocating. */
  private isPinned(tags: readonly string[]): boolean {
    let k = 0;
    let lastRank = -1;
    while (k < tags.length) {
      const r = this.rank.get(tags[k]!);
      if (r === undefined || r < lastRank) break;
      lastRank = r;
      k++;
    }
    for (let j = k; j < tags.length; j++) if (this.rank.has(tags[j]!)) return false;
    return true;
  }
}

/** Cleans a word list the way tags are cleaned (trim, no commas, no empties) and drops repeats. */
export function cleanWords(words: readonly string[]): string[] {
  return [...new Set(normalizeTags(words))];
}

/**
 * A `trigger` op puts its words first, so they lead the list; earlier trigger words follow them in
 * their old order.
 */
export function mergeTriggers(words: readonly string[], current: readonly string[]): string[] {
  const added = cleanWords(words);
  const seen = new Set(added);
  return added.concat(current.filter((w) => !seen.has(w)));
}

/** The dataset's trigger words once `ops` have run: every `trigger` op adds its words in front. */
export function triggerWordsAfter(ops: readonly TagOp[], current: readonly string[]): string[] {
  let words = [...current];
  for (const op of ops) if (op.op === 'trigger') words = mergeTriggers(op.words, words);
  return words;
}
