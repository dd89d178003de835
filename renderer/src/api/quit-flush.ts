import type { StoreApi } from 'zustand';
import { BRIDGE_KEY, type FlushReport, type PreloadBridge } from '../../../shared/contract/index.ts';
import type { Store } from '../store/types.ts';

/**
 * Edits a finished flush left unwritten: a conflict waits for the user, a failed save for a retry,
 * an emptied caption for the user's choice. Every draft still there after the flush is one of them.
 */
export function unsavedCount(drafts: Store['drafts']): number {
  return Object.keys(drafts).length;
}

/**
 * In the desktop app, closing the window or quitting first saves the typing still waiting for its
 * autosave pause (the shell asks through the preload and waits).
 *
 * Web mode has no such hook, so leaving the page (closing the tab, reloading, another address) while
 * an edit is unsaved asks first: the browser's own "Leave site?" prompt. That is typing still in its
 * autosave pause (0.6 s), or a save that failed while the server was away or refused this page
 * (event-socket.ts); the prompt's moment starts their save, so staying saves them. When every edit is
 * saved, the usual case, nothing asks.
 */
export function bindQuitFlush(store: StoreApi<Store>, scope: object = globalThis): void {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_KEY] as Partial<PreloadBridge> | undefined;
  // An Electron window cancels its close, without a word, when beforeunload is prevented.
  if (bridge === undefined) return guardLeaving(store, scope as Partial<EventTarget>);
  if (typeof bridge.onFlushRequest !== 'function') return;
  bridge.onFlushRequest(async (): Promise<FlushReport> => {
    await store.getState().flushDrafts();
    return { unsaved: unsavedCount(store.getState().drafts) };
  });
}

function guardLeaving(store: StoreApi<Store>, scope: Partial<EventTarget>): void {
  scope.addEventListener?.('beforeunload', (event: Event) => {
    const { drafts, stranded, flushDrafts } = store.getState();
    // Edits kept for a folder the server no longer serves (drafts.ts followFolder) are lost too.
    if (unsavedCount(drafts) === 0 && Object.keys(stranded).length === 0) return;
    void flushDrafts();
    // Both: preventDefault is the standard, returnValue what older Chromium checks.
    event.preventDefault();
    (event as BeforeUnloadEvent).returnValue = '';
  });
}
