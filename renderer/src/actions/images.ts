import type { StoreApi } from 'zustand';
import { reviewedCount } from '../store/dataset.ts';
import type { FocusTarget, Store } from '../store/types.ts';
import type { KeyContext, KeyScope } from './types.ts';

/** Fields that keep the keyboard across PageDown: the same field of the next image gets it. */
const KEPT: Partial<Record<KeyScope, FocusTarget>> = { addTag: 'addTag', prose: 'prose', raw: 'raw', chips: 'chips' };

/**
 * PageDown / PageUp: the image being left saves its pending edit first (its save is on the wire
 * before the move), then the next image in the shown order becomes the one selected image, and the
 * field the user was in is focused again on it, so type, Enter, PageDown repeats with no mouse.
 */
export function moveToImage(store: StoreApi<Store>, delta: 1 | -1, ctx: KeyContext): void {
  const s = store.getState();
  const leaving = s.focused;
  if (leaving !== null) void s.flushDraft(leaving);
  const to = s.step(delta);
  if (to === null) {
    s.setMessage(delta > 0 ? 'This is the last image shown' : 'This is the first image shown');
    return;
  }
  const keep = ctx.scope ? KEPT[ctx.scope] : undefined;
  if (keep) s.requestFocus(keep);
}

/** The images a key acts on: the selection, or the focused image when nothing is selected. */
export function targetIds(s: Store): string[] {
  if (s.selected.size > 0) return [...s.selected];
  return s.focused !== null ? [s.focused] : [];
}

/** R: marks the selected images reviewed, or, when all of them already are, not reviewed. */
export async function toggleReviewed(store: StoreApi<Store>): Promise<void> {
  const s = store.getState();
  const ids = targetIds(s);
  if (ids.length === 0) return;
  const mark = !ids.every((id) => s.reviewed.has(id));
  await s.setReviewed(ids, mark);
  const after = store.getState();
  const what = ids.length === 1 ? 'Marked' : `Marked ${ids.length} images`;
  after.setMessage(`${what} ${mark ? 'reviewed' : 'not reviewed'} (${reviewedCount(after)} of ${after.order.length} reviewed)`);
}
