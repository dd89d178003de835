import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';

/**
 * An editor operation (Excalidraw-style action): the shortcut, the buttons and any future command
 * palette all go through the same `enabled` check and `perform`.
 */
export interface Action {
  id: ActionId;
  label: string;
  /** Shortcut as shown to the user, e.g. "Ctrl+Z". */
  shortcut: string;
  keyTest(e: KeyboardLike): boolean;
  enabled(state: Store): boolean;
  perform(store: StoreApi<Store>): void | Promise<void>;
  /** Runs even while the user types in a text field (Ctrl+S). */
  whileTyping?: boolean;
}

export type ActionId = 'undo' | 'redo' | 'selectAll' | 'save' | 'focusFilter';

/** The fields of a KeyboardEvent the actions read (tests pass plain objects). */
export interface KeyboardLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}
