import type { TagOp } from '../../../shared/tags/index.ts';
import { tagKey } from '../../../shared/tags/tag-key.ts';
import { applySelectionEdit } from '../batch/applyBatch.ts';
import { hiddenSelected } from '../batch/scope.ts';
import { useStore } from '../store/index.ts';
import type { BatchStep } from '../store/types.ts';
import type { Spelling } from './tag-list.ts';

/*
 * What the sidebar's tag menu does. Dataset-wide edits (rename, delete, unify) open the batch panel
 * with their steps, so they get its one scope rule, its preview and one undo; edits of the selected
 * images apply at once, as the selection chips do.
 */

/** Why a rename cannot go ahead (shown under the field), or null. */
export function renameProblem(from: string, to: string): string | null {
  const name = to.trim();
  if (name === '') return 'Type the new name (to remove the tag, use Delete tag…).';
  if (name === from.trim()) return 'That is the tag’s name already.';
  return null;
}

/** Renaming onto a tag that exists merges the two: the replace op works by tag identity. */
export const renameSteps = (from: string, to: string): BatchStep[] => [
  { op: { op: 'replace', from, to: to.trim() }, label: `Rename "${from}" to "${to.trim()}"` },
];

export const deleteSteps = (tag: string): BatchStep[] => [{ op: { op: 'remove', tags: [tag] }, label: `Delete "${tag}"` }];

/** One replace per other spelling, each onto the main one. */
export function unifySteps(main: string, spellings: readonly Spelling[]): BatchStep[] {
  return spellings
    .filter((s) => s.tag !== main && tagKey(s.tag) === tagKey(main))
    .map((s) => ({ op: { op: 'replace', from: s.tag, to: main }, label: `Unify "${s.tag}" as "${main}"` }));
}

/** A trigger word goes in front (the ops keep trigger words first anyway); any other tag at the end. */
export const addOp = (tag: string, trigger: boolean): TagOp => ({ op: 'add', tags: [tag], at: trigger ? 'start' : 'end' });

const imagesWord = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`;

/** Adds the tag to every selected image (creating captions where there are none), as one undo step. */
export const addToSelected = (tag: string, trigger: boolean): Promise<void> =>
  editSelection([addOp(tag, trigger)], (n) => `Add "${tag}" to ${imagesWord(n)}`);

export const removeFromSelected = (tag: string): Promise<void> =>
  editSelection([{ op: 'remove', tags: [tag] }], (n) => `Remove "${tag}" from ${imagesWord(n)}`);

/** One edit of the selection; one that would reach images the filter hides is asked about first. */
async function editSelection(ops: TagOp[], label: (n: number) => string): Promise<void> {
  const s = useStore.getState();
  const ids = [...s.selected];
  if (ids.length === 0) return;
  // The multi-selection editor asks; a single hidden image is the one the panel shows.
  if (ids.length > 1 && hiddenSelected(s).length > 0) return s.askSelectionEdit({ ops, label: label(ids.length) });
  await applySelectionEdit(ids, ops, label(ids.length));
}
