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
 * autosave pause (the shell asks through the preload and waits). Web mode has no such hook: the
 * server outlives the tab, and the autosave delay is the only window for loss there.
 */
export function bindQuitFlush(store: StoreApi<Store>, scope: object = globalThis): void {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_KEY] as Partial<PreloadBridge> | undefined;
  if (typeof bridge?.onFlushRequest !== 'function') return;
  bridge.onFlushRequest(async (): Promise<FlushReport> => {
    await store.getState().flushDrafts();
    return { unsaved: unsavedCount(store.getState().drafts) };
  });
}
