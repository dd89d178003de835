import { parseCaption } from '../../../shared/caption/index.ts';
import { exactCandidate, suggest, type Candidate } from './suggest.ts';

/*
 * What the "Add tag" box turns typed or pasted text into, and what it offers while typing. Text is
 * read by the caption model's own rule (shared/caption/prose-rule.ts): what reads as a sentence goes
 * to the sentences, never into a tag, so `The sun is low.` cannot become a tag `The sun is low.`,
 * while danbooru tags that merely look odd (`st. louis (azur lane)`, `._.`) stay tags.
 */

export interface Entry {
  tags: string[];
  /** Sentences to append to the caption's prose ('' for none). */
  prose: string;
}

/** Tags and sentences in `text`; each pasted line is read on its own (a list, one tag per line, works). */
export function splitEntry(text: string): Entry {
  const tags: string[] = [];
  const prose: string[] = [];
  for (const line of text.split(/\r\n|[\r\n]/)) {
    if (line.trim() === '') continue;
    const doc = parseCaption(line);
    tags.push(...doc.tags);
    if (doc.prose) prose.push(doc.prose);
  }
  return { tags, prose: prose.join(' ') };
}

/** Whether `text` holds anything besides one plain tag: several tags or a sentence. */
export const isCompound = (text: string): boolean => /[,\r\n]/.test(text) || splitEntry(text).prose !== '';

export type AddOption =
  | { kind: 'tag'; name: string; count: number; source: Candidate['source']; present: boolean }
  | { kind: 'new'; name: string };

/** The tag being typed: the text after the last comma (earlier ones are already whole tags). */
export const currentSegment = (text: string): string => text.slice(text.lastIndexOf(',') + 1).trim();

/**
 * The suggestion list for the text typed so far. An exact match ranks first, even when the image
 * already has that tag (marked present: choosing it flashes the chip instead of adding a second);
 * nothing matching at all offers the typed text itself as a new tag. Text that reads as a sentence
 * gets no suggestions: it is headed for the sentences.
 */
export function addOptions(candidates: readonly Candidate[], text: string, present: ReadonlySet<string>): AddOption[] {
  const query = currentSegment(text);
  if (query === '' || splitEntry(text).prose !== '') return [];
  const exact = exactCandidate(candidates, query);
  const found = suggest(candidates, query, present);
  const options: AddOption[] = found.map((c) => ({ kind: 'tag', name: c.name, count: c.count, source: c.source, present: false }));
  if (exact && present.has(exact.name)) options.unshift({ kind: 'tag', name: exact.name, count: exact.count, source: exact.source, present: true });
  else if (!exact && present.has(query)) options.unshift({ kind: 'tag', name: query, count: 0, source: 'dataset', present: true });
  if (options.length === 0) options.push({ kind: 'new', name: query });
  return options;
}

/** The entry Enter makes: the earlier comma segments as typed, the last one replaced by the chosen option. */
export function entryWith(text: string, chosen: AddOption | null): Entry {
  if (chosen === null) return splitEntry(text);
  const cut = text.lastIndexOf(',');
  const earlier = cut < 0 ? { tags: [], prose: '' } : splitEntry(text.slice(0, cut));
  return { tags: [...earlier.tags, chosen.name], prose: earlier.prose };
}
