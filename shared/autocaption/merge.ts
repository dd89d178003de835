import {
  editCaption,
  normalizeProse,
  normalizeTags,
  parseCaption,
  serializeCaption,
  splitFirstLine,
  type CaptionDoc,
} from '../caption/index.ts';
import type { MergeMode } from './config.ts';
import { tagKey } from './select-tags.ts';

/*
 * Where auto-caption output meets the caption already on disk. The written line is the workflow's:
 * trigger words, the tags, then the sentences, `ohwx, 1girl, solo, kneeling. She kneels on a wooden
 * floor.` It is built with the caption editor's own editCaption, so it reads back with the same prose
 * rule (shared/caption/prose-rule.ts: tags, then `. ` and a capitalised sentence). Tags are compared by
 * tagKey (case and `_` vs space do not matter), so `Long_Hair` already counts as `long hair`.
 *
 * | mode    | existing caption has text          | no caption / only white space |
 * |---------|-----------------------------------|-------------------------------|
 * | skip    | null (left alone)                  | as replace                    |
 * | append  | adds missing trigger words (first) and new tags; sentences only where it had no prose | as replace |
 * | replace | line 1 written anew                | line 1 written                |
 *
 * Every mode keeps the file's BOM and everything after line 1 (line ending, trailing newline, notes:
 * trainers read line 1 only). A new file gets no trailing newline, as the editor's batch edits write.
 * Nothing generated (no tags, no sentences) or nothing changed returns null: never write for nothing.
 *
 * A caveat the prose rule brings: a capitalised phrase among the tags (`Long hair`, from a tag rule or
 * a trigger word) reads as the start of the prose once sentences follow it (prose-rule.ts R4), and a
 * sentence starting with a digit reads as tags. The file is still what kohya expects; only Tagsmith's
 * own reading of it shifts. Append refuses to let that swallow a tag the caption already had.
 */

export interface GeneratedCaption {
  tags: readonly string[];
  /** The cleaned sentences on one line; '' for tags only. */
  sentences: string;
}

export interface MergeOptions {
  mode: MergeMode;
  triggerWords: readonly string[];
  /** The dataset's tag separator, used where the caption shows none of its own. */
  separator: string;
}

/** The caption file's new text, or null to leave the image alone. `existing` null: no caption file yet. */
export function mergeCaption(existing: string | null, generated: GeneratedCaption, opts: MergeOptions): string | null {
  const tags = normalizeTags(generated.tags);
  const sentences = normalizeProse(generated.sentences);
  if (tags.length === 0 && sentences === '') return null;
  const before = existing ?? '';
  const triggers = uniqueByKey(normalizeTags(opts.triggerWords));
  let after: string | null;
  if (before.trim() === '' || opts.mode === 'replace') after = replaceLine(before, triggers, tags, sentences, opts.separator);
  else if (opts.mode === 'append') after = appendTo(parseCaption(before), triggers, tags, sentences, opts.separator);
  else after = null;
  return after === null || after === existing ? null : after;
}

function replaceLine(before: string, triggers: string[], tags: string[], sentences: string, separator: string): string {
  const { bom, rest } = splitFirstLine(before);
  // A caption with an empty line 1 but the old BOM and lines after it: the new line takes no style
  // from the old one, which is being thrown away.
  const blank = parseCaption((bom ? '\uFEFF' : '') + rest);
  return serializeCaption(editCaption(blank, { tags: uniqueByKey([...triggers, ...tags]), prose: sentences }, separator));
}

function appendTo(doc: CaptionDoc, triggers: string[], tags: string[], sentences: string, separator: string): string | null {
  const has = new Set(doc.tags.map(tagKey));
  const triggerKeys = new Set(triggers.map(tagKey));
  // Trigger words lead: the first occurrence of each one the caption has moves to the front in trigger
  // order, in its own spelling; missing ones are added there. A repeat stays where it was: append
  // removes nothing.
  const moved = new Set<number>();
  const front = triggers.map((word) => {
    const at = doc.tags.findIndex((t) => tagKey(t) === tagKey(word));
    if (at < 0) return word;
    moved.add(at);
    return doc.tags[at]!;
  });
  const others = doc.tags.filter((_, i) => !moved.has(i));
  const added = uniqueByKey(tags.filter((t) => !has.has(tagKey(t)) && !triggerKeys.has(tagKey(t))));
  const nextTags = [...front, ...others, ...added];
  const withProse = doc.prose === '' && sentences !== '';

  // New prose can change how line 1 reads back (a capitalised two-word tag before a sentence reads as
  // prose, prose-rule.ts R4); an existing tag must never vanish that way, so then the sentences wait.
  for (const prose of withProse ? [sentences, doc.prose] : [doc.prose]) {
    const text = serializeCaption(editCaption(doc, { tags: nextTags, prose }, separator));
    if (keepsEveryTag(doc.tags, parseCaption(text).tags)) return text;
  }
  return null;
}

function keepsEveryTag(before: readonly string[], after: readonly string[]): boolean {
  const kept = new Set(after);
  return before.every((t) => kept.has(t));
}

/** Drops later tags with the same tagKey as an earlier one. */
function uniqueByKey(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = tagKey(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
