import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';
import { keyContext } from './context.ts';
import { bindingForKey, performAction } from './registry.ts';

/**
 * The one keydown handler for app-level keys (registry.ts). It listens on window, after every widget:
 * a widget that handles a key itself (arrows in the grid, Enter in the suggestions) calls
 * preventDefault, and this handler leaves such events alone. A key bound here is consumed even when
 * its action cannot run now, so Ctrl+Z with nothing to undo never falls through to the browser's
 * own text undo.
 */
export function useGlobalShortcuts(store: StoreApi<Store>): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const ctx = keyContext(e.target);
      const found = bindingForKey(e, ctx);
      if (!found) return;
      e.preventDefault();
      if (found.action.enabled(store.getState())) performAction(found.action, store, ctx, e);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
