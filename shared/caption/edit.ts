import { parseCaption } from './parse.ts';
import { DEFAULT_JOINER, renderLine } from './serialize.ts';
import type { CaptionDoc } from './types.ts';

export const DEFAULT_SEPARATOR = ', ';

/**
 * Replaces tags and/or prose of line 1. Line 1 is regenerated only when the values actually change;
 * otherwise the very same doc comes back, so its bytes stay untouched. The BOM and every line after
 * the first are never touched.
 *
 * Tags are normalized the way the file will read them back: trimmed, split at commas (a comma is the
 * separator, so it cannot live inside a tag), line breaks turned into spaces, empties dropped. Prose is
 * trimmed with line breaks turned into spaces, since a line break would push text out of line 1.
 *
 * A caveat: what is written as a tag can read back as prose if it looks like a sentence (see
 * prose-rule.ts), e.g. tags `['ohwx', 'A woman stands in a field']` are written as they are but
 * reparse as one tag and prose. The doc returned here reflects what was asked for.
 */
export function editCaption(
  doc: CaptionDoc,
  parts: { tags?: readonly string[]; prose?: string },
  fallbackSeparator: string = DEFAULT_SEPARATOR,
): CaptionDoc {
  const tags = parts.tags === undefined ? doc.tags : normalizeTags(parts.tags);
  const prose = parts.prose === undefined ? doc.prose : normalizeProse(parts.prose);
  if (prose === doc.prose && sameTags(tags, doc.tags)) return doc;
  return rebuildCaption(doc, tags, prose, fallbackSeparator);
}

/**
 * editCaption without the normalizing and the no-change check, for callers (the tag ops) whose tags
 * and prose are already normalized and known to differ. Passing unnormalized values breaks the
 * guarantee that line 1 stays one line.
 */
export function rebuildCaption(doc: CaptionDoc, tags: readonly string[], prose: string, fallbackSeparator: string): CaptionDoc {
  const l = doc.layout;
  let rendered = renderLine(l, tags, prose, fallbackSeparator);
  if (tags.length > 0 && prose !== '' && !readsBack(rendered.line, tags, prose)) {
    // Prose that no longer opens like a sentence (a replace removed its first word, a `, ` joiner
    // before a one-word start...) would read back as more tags. Join it the workflow's way, as a new
    // sentence with a capital, which the prose rule always finds (prose-rule.ts R1).
    prose = capitalizeFirst(prose);
    rendered = renderLine({ ...l, joiner: DEFAULT_JOINER }, tags, prose, fallbackSeparator);
  }
  const { line, separator, joiner } = rendered;
  return {
    tags,
    prose,
    layout: { bom: l.bom, line, rest: l.rest, lead: l.lead, separator, joiner, terminator: l.terminator, tail: l.tail },
  };
}

function readsBack(line: string, tags: readonly string[], prose: string): boolean {
  const again = parseCaption(line);
  return again.prose === prose && sameTags(again.tags, tags);
}

function capitalizeFirst(prose: string): string {
  const first = prose.codePointAt(0);
  if (first === undefined) return prose;
  const ch = String.fromCodePoint(first);
  return /\p{Ll}/u.test(ch) ? ch.toUpperCase() + prose.slice(ch.length) : prose;
}

export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    if (raw.indexOf(',') < 0 && raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0) {
      const t = raw.trim();
      if (t) out.push(t);
      continue;
    }
    for (const part of raw.split(',')) {
      const t = part.replace(/[\r\n]+/g, ' ').trim();
      if (t) out.push(t);
    }
  }
  return out;
}

export function normalizeProse(prose: string): string {
  return prose.replace(/[\r\n]+/g, ' ').trim();
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

