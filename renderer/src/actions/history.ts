import type { StoreApi } from 'zustand';
import type { EditResult, HistoryInfo } from '../../../shared/contract/index.ts';
import type { Store } from '../store/types.ts';
import { HISTORY_KEYS } from './platform.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeOutcome(direction: 'undo' | 'redo', result: EditResult): string {
  const verb = direction === 'undo' ? 'Undid' : 'Redid';
  if (!result.entry) return direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo';
  let message = `${verb} “${result.entry.label}” (${plural(result.written, 'file')})`;
  if (result.conflicts.length) message += `; ${plural(result.conflicts.length, 'file')} changed elsewhere left as they are`;
  return message;
}

/** Presses waiting or running; a held key's repeats past this many are dropped. */
const MAX_QUEUED = 2;
let queue: Promise<void> = Promise.resolve();
let queued = 0;
/**
 * Bumped when a step is refused because the history moved elsewhere: presses queued before that were
 * aimed at the history the person saw then, so they are dropped, not sent against the refreshed one.
 */
let generation = 0;

/**
 * True while an undo or redo is on its way: the history the store shows is then about to change, so
 * the opposite step must not be refused on the strength of it (Ctrl+Shift+Z, then Ctrl+Z at once).
 */
export const historyBusy = (): boolean => queued > 0;

/**
 * Undo or redo through the journal, one request at a time in the order pressed: a second Ctrl+Z
 * pressed before the first one's answer arrived undoes the next step instead of being lost (the file
 * on disk already changed, so a person sees the first step done and presses again).
 */
export function runHistory(store: StoreApi<Store>, direction: 'undo' | 'redo'): Promise<void> {
  if (queued >= MAX_QUEUED) return queue;
  queued++;
  const pressedIn = generation;
  queue = queue
    .then(() => (pressedIn === generation ? stepHistory(store, direction) : undefined))
    .catch((e: unknown) => store.getState().setMessage(`${direction === 'undo' ? 'Undo' : 'Redo'} failed: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => {
      queued--;
    });
  return queue;
}

/**
 * One step. Pending drafts are saved first so the journal's head is the user's latest state; the
 * returned images and history then replace what the store shows, and an entry that touched one image
 * brings that image into the panel.
 */
async function stepHistory(store: StoreApi<Store>, direction: 'undo' | 'redo'): Promise<void> {
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
  // Read now, not at the press: a press queued behind another must name the history that one's
  // answer left, or the backend would refuse it as stale.
  const result = await transport.api[direction === 'undo' ? 'history.undo' : 'history.redo'](expectation(store.getState().history, direction));
  const state = store.getState();
  if (!result.ok && result.error.kind === 'stale-history') {
    generation++;
    await refreshHistory(store, direction);
    return;
  }
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
}

/** The journal as the store shows it: the head, and the entry the step would act on (null: none listed). */
function expectation(history: HistoryInfo, direction: 'undo' | 'redo'): { expectedHead: number; expectedTime: string | null } {
  const seq = direction === 'undo' ? history.head : history.head + 1;
  return { expectedHead: history.head, expectedTime: history.entries.find((e) => e.seq === seq)?.time ?? null };
}

/**
 * The backend refused the step because another program (the CLI, another window) moved the journal
 * since this one was shown: show the journal as it is and let the person decide again, rather than
 * reverse a step they never saw listed.
 */
async function refreshHistory(store: StoreApi<Store>, direction: 'undo' | 'redo'): Promise<void> {
  const transport = store.getState().transport;
  const fresh = transport ? await transport.api['history.get']({}) : null;
  if (!fresh?.ok) {
    store.getState().setMessage('History changed in another program; it could not be re-read');
    return;
  }
  store.getState().setHistory(fresh.value);
  const { head, entries } = fresh.value;
  const next = entries.find((e) => e.seq === (direction === 'undo' ? head : head + 1));
  const verb = direction === 'undo' ? 'undo' : 'redo';
  store.getState().setMessage(
    next
      ? `History changed in another program: refreshed; press ${HISTORY_KEYS[direction]} again to ${verb} “${next.label}”`
      : `History changed in another program: refreshed; nothing to ${verb}`,
  );
}
