import { editCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import { applyOps, type OpContext } from '../../../shared/tags/index.ts';
import type { Entry } from './entry.ts';

export interface AddOutcome {
  /** The caption after the add (the same doc when nothing changed). */
  doc: CaptionDoc;
  added: string[];
  /** Tags the caption already had: not added twice, their chips flash. */
  already: string[];
  /** For the journal ("add red, blue"). */
  label: string;
  /** One line for the person: what happened, including what did not. */
  notice: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The sentences after appending `more`: one space between, as the caption model joins sentences. */
export function appendProse(prose: string, more: string): string {
  if (more === '') return prose;
  if (prose === '') return more;
  // A sentence without its full stop would run into the next one.
  const closed = /[.!?…]["'”’)]*$/.test(prose) ? prose : `${prose}.`;
  return `${closed} ${more}`;
}

/** Adds typed tags (at the end, never twice) and sentences (appended) to one caption. */
export function addToCaption(doc: CaptionDoc, entry: Entry, ctx: OpContext): AddOutcome {
  const present = new Set(doc.tags);
  const added: string[] = [];
  const already: string[] = [];
  for (const tag of entry.tags) {
    if (present.has(tag)) {
      if (!already.includes(tag)) already.push(tag);
    } else if (!added.includes(tag)) added.push(tag);
  }
  let next = added.length > 0 ? applyOps(doc, [{ op: 'add', tags: added, at: 'end' }], ctx) : doc;
  if (entry.prose !== '') next = editCaption(next, { prose: appendProse(next.prose, entry.prose) }, ctx.separator);

  const parts: string[] = [];
  if (added.length === 1) parts.push(`Added ${added[0]}`);
  else if (added.length > 1) parts.push(`Added ${plural(added.length, 'tag')}`);
  if (entry.prose !== '') parts.push(added.length > 0 ? 'the sentence went to Sentences' : 'Added to the sentences (it reads as a sentence, not a tag)');
  if (already.length > 0) parts.push(`${parts.length ? 'already there' : 'Already there'}: ${already.join(', ')}`);
  const labelParts = [...(added.length ? [`add ${added.join(', ')}`] : []), ...(entry.prose ? ['add a sentence'] : [])];
  return { doc: next, added, already, label: labelParts.join(' and ') || 'add', notice: parts.join('; ') };
}
