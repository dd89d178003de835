import { parseCaption } from '../caption/index.ts';
import { leadingTriggerCount } from './subsets.ts';

/** ai-toolkit replaces this in a caption with its trigger_word. */
export const TRIGGER_PLACEHOLDER = '[trigger]';

/**
 * The caption as a trainer gets it from an export: line 1 only, without a BOM. Only kohya reads just
 * line 1 of a file; ai-toolkit trains the whole file and OneTrainer a random non-empty line (FACTS.md,
 * reading.ts), so the export writes one line and all three train the same text. With `placeholders`, the trigger words leading
 * the tags become one `[trigger]`, which ai-toolkit fills in from trigger_word: the trigger can then
 * be renamed in the job file without touching a caption. The rest of the line is kept byte for byte.
 */
export function trainerCaption(text: string, opts: { triggerWords: readonly string[]; placeholders: boolean }): string {
  const doc = parseCaption(text);
  const line = doc.layout.line;
  if (!opts.placeholders || opts.triggerWords.length === 0) return line;
  const count = leadingTriggerCount(doc.tags, opts.triggerWords);
  if (count === 0) return line;
  // Between tags there are only commas and spaces, so each tag is found by searching on from the last.
  const start = line.indexOf(doc.tags[0]!);
  let end = start;
  for (let i = 0; i < count; i++) end = line.indexOf(doc.tags[i]!, end) + doc.tags[i]!.length;
  return line.slice(0, start) + TRIGGER_PLACEHOLDER + line.slice(end);
}

/** kohya's keep_tokens_separator as Tagsmith's kohya exports write it (FACTS: "e.g. `|||`"). */
export const KOHYA_KEEP_TOKENS_SEPARATOR = '|||';

/**
 * An exported caption for kohya: `trigger words ||| tags ||| sentences`. With keep_tokens_separator
 * set and shuffle_caption on, kohya keeps the part before the first `|||` in front, shuffles the tags
 * between, and keeps the part after the second `|||` last (FACTS), so sentences are never cut apart
 * and the trigger words never move. Tags-only captions without leading trigger words need no separator
 * and are written as they are (line 1). Only for exported copies: with shuffling off kohya would
 * train the `|||` literally.
 */
export function kohyaSeparatedCaption(text: string, triggerWords: readonly string[]): string {
  const doc = parseCaption(text);
  const count = leadingTriggerCount(doc.tags, triggerWords);
  if ((count === 0 && doc.prose === '') || doc.layout.line.includes(KOHYA_KEEP_TOKENS_SEPARATOR)) return doc.layout.line;
  const fixed = doc.tags.slice(0, count).join(', ');
  const shuffled = doc.tags.slice(count).join(', ');
  const parts = doc.prose === '' ? [fixed, shuffled] : [fixed, shuffled, doc.prose];
  // One space on each side of a separator that has text on that side (kohya strips the parts anyway).
  return parts.reduce((line, part) => `${line}${line ? ' ' : ''}${KOHYA_KEEP_TOKENS_SEPARATOR}${part ? ' ' : ''}${part}`);
}
