import type { TagOp } from '../../../shared/tags/index.ts';
import { tagKey } from '../../../shared/tags/tag-key.ts';
import { applyBatch } from '../batch/applyBatch.ts';
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
export async function addToSelected(tag: string, trigger: boolean): Promise<void> {
  const ids = [...useStore.getState().selected];
  if (ids.length === 0) return;
  await applyBatch({ kind: 'ids', ids }, [addOp(tag, trigger)], `Add "${tag}" to ${imagesWord(ids.length)}`, { createMissing: true });
}

export async function removeFromSelected(tag: string): Promise<void> {
  const ids = [...useStore.getState().selected];
  if (ids.length === 0) return;
  await applyBatch({ kind: 'ids', ids }, [{ op: 'remove', tags: [tag] }], `Remove "${tag}" from ${imagesWord(ids.length)}`, { createMissing: true });
}
