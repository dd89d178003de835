import type { JournalState } from '../journal/types.ts';
import { entryId } from '../journal/types.ts';
import type { MutationError } from './errors.ts';

// The journal as a dataset shows it: summaries of its entries, and whether it moved since a caller saw it.

export interface JournalSummary {
  id: string;
  seq: number;
  time: string;
  label: string;
  files: number;
  applied: boolean;
}

/**
 * The journal as the caller showed it to its user: the head, and the time of the entry the step acts
 * on (the head's for undo, the next one's for redo; null: none was listed there). A seq alone is not
 * enough: after an undo and a new edit elsewhere, the new entry reuses the seq.
 */
export interface ExpectedHistory {
  head: number;
  entryTime?: string | null;
}

export function toSummary(e: { seq: number; time: string; label: string; files: number }, head: number): JournalSummary {
  return { id: entryId(e.seq), seq: e.seq, time: e.time, label: e.label, files: e.files, applied: e.seq <= head };
}

/** Same head, redo top and entries: compared field by field, since parsed and built objects order keys differently. */
export function sameJournal(a: JournalState, b: JournalState): boolean {
  if (a.head !== b.head || a.top !== b.top || a.entries.length !== b.entries.length) return false;
  return a.entries.every((e, i) => {
    const o = b.entries[i]!;
    return e.seq === o.seq && e.time === o.time && e.label === o.label && e.files === o.files && e.bytes === o.bytes;
  });
}

/** Why an undo or redo the caller based on an older view of the journal is refused; null when it is current. */
export function movedSince(state: JournalState, expected: ExpectedHistory | undefined, seq: number, verb: 'undo' | 'redo'): MutationError | null {
  if (!expected) return null;
  const entry = state.entries.find((e) => e.seq === seq);
  if (state.head === expected.head && (expected.entryTime === undefined || (entry?.time ?? null) === expected.entryTime)) return null;
  const head = state.entries.find((e) => e.seq === state.head);
  const now = head ? `the last step is now #${head.seq} "${head.label}"` : 'no step is applied now';
  return { kind: 'stale-history', message: `the history changed in another program since it was shown (${now}); nothing was ${verb === 'undo' ? 'undone' : 'redone'}` };
}
