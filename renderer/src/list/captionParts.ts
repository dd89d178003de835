import { splitFirstLine, type CaptionDoc } from '../../../shared/caption/index.ts';

/** A run of line 1 with one look: trigger word, tag, the sentences, or the commas and spaces between. */
export type PartKind = 'trigger' | 'tag' | 'prose' | 'sep';

export interface CaptionPart {
  kind: PartKind;
  text: string;
}

/**
 * Line 1 of a parsed caption cut into styled runs whose texts, joined, are exactly the line (every
 * comma, space and stray character kept), so what the list shows is what a trainer reads. Tags come
 * from the shared caption model in order; each is found in the line after the previous one, and only
 * commas and white space lie between two tags, so the first match is the tag itself. Trigger words
 * are tags in `triggers` (the detail panel pins the same ones).
 */
export function captionParts(doc: CaptionDoc, triggers: ReadonlySet<string>): CaptionPart[] {
  const { line, tail } = doc.layout;
  const parts: CaptionPart[] = [];
  const push = (kind: PartKind, text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (kind === 'sep' && last?.kind === 'sep') last.text += text;
    else parts.push({ kind, text });
  };
  let at = 0;
  for (const tag of doc.tags) {
    const start = line.indexOf(tag, at);
    if (start < 0) break; // cannot happen for a doc parsed from `line`; stop rather than misplace
    push('sep', line.slice(at, start));
    push(triggers.has(tag) ? 'trigger' : 'tag', tag);
    at = start + tag.length;
  }
  // The sentences end where the tail (trailing spaces or commas) begins.
  const proseStart = doc.prose ? line.length - tail.length - doc.prose.length : -1;
  if (proseStart >= at) {
    push('sep', line.slice(at, proseStart));
    push('prose', doc.prose);
    at = proseStart + doc.prose.length;
  }
  push('sep', line.slice(at));
  return parts;
}

/** True when line 1 holds nothing but white space: the row says "No caption" instead. */
export const isBlankLine = (doc: CaptionDoc | null): boolean => doc === null || doc.layout.line.trim() === '';

/** Length of the line 1 an image shows (its unsaved edit first): what row height estimates start from. */
export function shownLineLength(drafts: Readonly<Record<string, { text: string }>>, docs: Readonly<Record<string, CaptionDoc | null>>, id: string | undefined): number {
  if (id === undefined) return 0;
  const draft = drafts[id];
  if (draft) return splitFirstLine(draft.text).line.length;
  return docs[id]?.layout.line.length ?? 0;
}
