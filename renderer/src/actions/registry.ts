import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';
import { runHistory } from './history.ts';
import type { Action, ActionId, KeyboardLike } from './types.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';
const mod = (e: KeyboardLike) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardLike, k: string) => e.key.toLowerCase() === k;

export const FILTER_INPUT_ID = 'filter-input';

export const actions: readonly Action[] = [
  {
    id: 'undo',
    label: 'Undo',
    shortcut: `${MOD}Z`,
    keyTest: (e) => mod(e) && !e.shiftKey && !e.altKey && key(e, 'z'),
    enabled: (s) => s.transport !== null && s.history.canUndo,
    perform: (store) => runHistory(store, 'undo'),
  },
  {
    id: 'redo',
    label: 'Redo',
    shortcut: isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z',
    keyTest: (e) => !e.altKey && ((mod(e) && e.shiftKey && key(e, 'z')) || (e.ctrlKey && !e.shiftKey && key(e, 'y'))),
    enabled: (s) => s.transport !== null && s.history.canRedo,
    perform: (store) => runHistory(store, 'redo'),
  },
  {
    id: 'selectAll',
    label: 'Select all shown',
    shortcut: `${MOD}A`,
    keyTest: (e) => mod(e) && !e.shiftKey && !e.altKey && key(e, 'a'),
    enabled: (s) => s.filtered.length > 0,
    perform: (store) => store.getState().selectAllFiltered(),
  },
  {
    id: 'save',
    label: 'Save now',
    shortcut: `${MOD}S`,
    keyTest: (e) => mod(e) && !e.shiftKey && !e.altKey && key(e, 's'),
    // Always enabled so Ctrl+S never falls through to the browser's "save page" dialog.
    enabled: () => true,
    perform: (store) => store.getState().flushDrafts(),
    whileTyping: true,
  },
  {
    id: 'focusFilter',
    label: 'Focus filter',
    shortcut: '/',
    keyTest: (e) => e.key === '/' && !mod(e) && !e.altKey,
    enabled: () => true,
    perform: () => {
      const input = document.getElementById(FILTER_INPUT_ID);
      if (input instanceof HTMLInputElement) {
        input.focus();
        input.select();
      }
    },
  },
];

export const getAction = (id: ActionId): Action => actions.find((a) => a.id === id)!;

/** The action a key press triggers, if any; `typing` is true when focus is in a text field. */
export function actionForKey(e: KeyboardLike, state: Store, typing: boolean): Action | null {
  for (const action of actions) {
    if (typing && !action.whileTyping) continue;
    if (action.keyTest(e) && action.enabled(state)) return action;
  }
  return null;
}

/** Runs an action; a failure ends up in the status bar, never as an unhandled rejection. */
export function performAction(action: Action, store: StoreApi<Store>): void {
  void Promise.resolve()
    .then(() => action.perform(store))
    .catch((e: unknown) => {
      store.getState().setMessage(`${action.label} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
}

export function runAction(id: ActionId, store: StoreApi<Store>): void {
  const action = getAction(id);
  if (action.enabled(store.getState())) performAction(action, store);
}
