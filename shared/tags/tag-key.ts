import type { CaptionDoc } from '../caption/types.ts';
import { underscoresToSpaces } from './kaomoji.ts';

/**
 * The identity of a tag: `long_hair`, `long hair`, `Long Hair` and `long  hair` are one tag to a
 * person and to the trainer's tokenizer, so filters, counts and tag operations compare this, never
 * the raw text. Kaomoji keep their underscores (`^_^` is not `^ ^`).
 */
export function tagKey(tag: string): string {
  const known = keys.get(tag);
  if (known !== undefined) return known;
  const folded = underscoresToSpaces(tag.trim()).toLowerCase();
  const key = RUN_OF_SPACES.test(folded) ? folded.replace(RUN_OF_SPACES_G, ' ') : folded;
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(tag, key);
  return key;
}

/**
 * Remembered keys. A dataset uses a few thousand distinct tags at most, each in many captions, and the
 * sidebar, filters and batches ask for the key of every tag of every caption: at 10,000 captions a
 * look-up instead of the folding took the sidebar's count from ~40-100 ms to a few.
 */
const keys = new Map<string, string>();
const MAX_KEYS = 100_000;

const RUN_OF_SPACES = /\s\s/;
const RUN_OF_SPACES_G = /\s{2,}/g;

/** True when tagKey(tag) may be shorter than the tag: a run of spaces or underscores, or white space at an end. */
export const mayShrink = (tag: string): boolean => /[\s_]{2}|^\s|\s$/.test(tag);

/**
 * A caption whose line 1 holds trigger words and nothing else ("ohwx"): it trains the word on
 * nothing. It exists as a file, so it is not missing, but every tool that asks "does this image
 * still need captioning?" (auto-caption's skip mode, the `is:trigger-only` query, the card badge)
 * must answer yes. Words compare as tags do (tagKey).
 */
export function isTriggerOnly(doc: Pick<CaptionDoc, 'tags' | 'prose'>, triggerWords: readonly string[]): boolean {
  if (doc.tags.length === 0 || doc.prose.trim() !== '' || triggerWords.length === 0) return false;
  const words = new Set(triggerWords.map(tagKey));
  return doc.tags.every((tag) => words.has(tagKey(tag)));
}
