import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';
import { actionForKey, performAction } from './registry.ts';
import { isTextEntry } from './typing.ts';

/** The one keydown handler for editor shortcuts. Components that own a key stop its propagation. */
export function useGlobalShortcuts(store: StoreApi<Store>): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = actionForKey(e, store.getState(), isTextEntry(e.target));
      if (!action) return;
      e.preventDefault();
      performAction(action, store);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
