import type { CaptionDoc } from '../caption/types.ts';
import { underscoresToSpaces } from './kaomoji.ts';

/**
 * The identity of a tag: `long_hair`, `long hair`, `Long Hair` and `long  hair` are one tag to a
 * person and to the trainer's tokenizer, so filters, counts and tag operations compare this, never
 * the raw text. Kaomoji keep their underscores (`^_^` is not `^ ^`).
 */
export function tagKey(tag: string): string {
  const key = underscoresToSpaces(tag.trim()).toLowerCase();
  return RUN_OF_SPACES.test(key) ? key.replace(RUN_OF_SPACES_G, ' ') : key;
}

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
