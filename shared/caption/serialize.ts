import { endsWithWord, isTerminatorCode } from './chars.ts';
import type { CaptionDoc, CaptionLayout } from './types.ts';

export function serializeCaption(doc: CaptionDoc): string {
  const { bom, line, rest } = doc.layout;
  return (bom ? '\uFEFF' : '') + line + rest;
}

/** Line 1 without BOM and line break: what kohya reads. */
export function firstLine(doc: CaptionDoc): string {
  return doc.layout.line;
}

/** The joiner used when a line gets tags and prose for the first time: the workflow's `tags. Prose`. */
export const DEFAULT_JOINER = '. ';

/**
 * Writes line 1 from tags and prose in the style the layout remembers. The result for a tags-only
 * line keeps the old terminator and tail (`1girl, solo.` + smile -> `1girl, solo, smile.`); a line
 * with prose keeps only trailing white space after it, since prose carries its own punctuation. A
 * line with neither is empty: leftover spacing or commas would otherwise be all that remains.
 */
export function renderLine(
  layout: CaptionLayout,
  tags: readonly string[],
  prose: string,
  fallbackSeparator: string,
): { line: string; separator: string | null; joiner: string | null } {
  const separator = layout.separator ?? fallbackSeparator;
  const usedSeparator = tags.length >= 2 ? separator : layout.separator;
  if (tags.length === 0 && prose === '') return { line: '', separator: layout.separator, joiner: layout.joiner };
  const lastTag = tags[tags.length - 1];
  if (prose === '') {
    // `^_^.` would read back as one tag: a terminator is only written where it reads as one.
    const terminator = lastTag !== undefined && endsWithWord(lastTag) ? layout.terminator : '';
    const line = layout.lead + tags.join(separator) + terminator + layout.tail;
    return { line, separator: usedSeparator, joiner: layout.joiner };
  }
  const trailing = trailingSpace(layout.tail);
  if (tags.length === 0) return { line: layout.lead + prose + trailing, separator: usedSeparator, joiner: layout.joiner };
  let joiner = layout.joiner ?? (layout.terminator ? layout.terminator + ' ' : DEFAULT_JOINER);
  // `..., !?` + `. She` would glue the dot to the tag's own dots: join with a comma instead.
  if (lastTag !== undefined && isTerminatorCode(lastTag.charCodeAt(lastTag.length - 1)) && isTerminatorCode(joiner.charCodeAt(0))) {
    joiner = ', ';
  }
  return { line: layout.lead + tags.join(separator) + joiner + prose + trailing, separator: usedSeparator, joiner };
}

function trailingSpace(text: string): string {
  return text.slice(text.trimEnd().length);
}
