import { parseCaption } from '../caption/index.ts';

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
  const triggers = new Set(opts.triggerWords);
  const seen = new Set<string>();
  let count = 0;
  while (count < doc.tags.length && triggers.has(doc.tags[count]!) && !seen.has(doc.tags[count]!)) seen.add(doc.tags[count++]!);
  if (count === 0) return line;
  // Between tags there are only commas and spaces, so each tag is found by searching on from the last.
  const start = line.indexOf(doc.tags[0]!);
  let end = start;
  for (let i = 0; i < count; i++) end = line.indexOf(doc.tags[i]!, end) + doc.tags[i]!.length;
  return line.slice(0, start) + TRIGGER_PLACEHOLDER + line.slice(end);
}
