import type { StoreApi } from 'zustand';
import type { EditResult } from '../../../shared/contract/index.ts';
import type { Store } from '../store/types.ts';

let running = false;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeOutcome(direction: 'undo' | 'redo', result: EditResult): string {
  const verb = direction === 'undo' ? 'Undid' : 'Redid';
  if (!result.entry) return direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo';
  let message = `${verb} “${result.entry.label}” (${plural(result.written, 'file')})`;
  if (result.conflicts.length) message += `; ${plural(result.conflicts.length, 'file')} changed elsewhere left as they are`;
  return message;
}

/**
 * Undo or redo through the journal. Pending drafts are saved first so the journal's head is the
 * user's latest state; the returned images and history then replace what the store shows, and an
 * entry that touched one image brings that image into the panel.
 */
export async function runHistory(store: StoreApi<Store>, direction: 'undo' | 'redo'): Promise<void> {
  // Key repeat would otherwise fire a second undo before the first one's result arrived.
  if (running) return;
  running = true;
  try {
    const transport = store.getState().transport;
    if (!transport) return;
    // An edit that emptied a caption waits unwritten for the user's choice: it is the newest action,
    // so undo takes it back (the old caption stays) instead of undoing an older journal entry.
    const emptied = direction === 'undo' ? Object.entries(store.getState().drafts).find(([, d]) => d.status === 'empty') : undefined;
    if (emptied) {
      await store.getState().resolveEmpty(emptied[0], 'restore');
      return;
    }
    await store.getState().flushDrafts();
    const result = await transport.api[direction === 'undo' ? 'history.undo' : 'history.redo']({});
    const state = store.getState();
    if (!result.ok) {
      state.setMessage(`${direction === 'undo' ? 'Undo' : 'Redo'} failed: ${result.error.message}`);
      return;
    }
    state.applyImages(result.value.images, [], 'edit');
    state.setHistory(result.value.history);
    state.setMessage(describeOutcome(direction, result.value));
    // An undo of one image's edit shows that image, so the person sees what came back.
    const only = result.value.images.length === 1 ? result.value.images[0]!.id : null;
    const now = store.getState();
    if (only !== null && now.focused !== only && now.images[only]) now.select(only, 'replace');
  } finally {
    running = false;
  }
}
