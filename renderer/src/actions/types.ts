import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';

/*
 * Editor operations (Excalidraw-style actions) with VS Code-style keybindings: an action says what
 * it does and whether it can; each of its bindings says which key and where it applies (`when`), so
 * the same key can mean different things in the grid and in a text field, and the "?" help, the
 * tooltips and the one keydown handler all read the same table.
 */

/** Where a key was pressed: the nearest `[data-keyscope]` around the focused element. */
export type KeyScope = 'grid' | 'chips' | 'addTag' | 'prose' | 'raw' | 'filter';

export interface KeyContext {
  scope: KeyScope | null;
  /** Focus is in a text field: plain keys type there. */
  typing: boolean;
  /** The field holds text not saved yet (`data-unsaved`): Ctrl+Z there is its own text undo. */
  unsavedText: boolean;
  /** A modal dialog holds focus: app keys stay out of it. */
  inDialog: boolean;
}

/** The fields of a KeyboardEvent the bindings read (tests pass plain objects). */
export interface KeyboardLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Binding {
  /** As shown to the user, e.g. "Ctrl+Z", "PageDown". */
  keys: string;
  /** Where it applies, in words for the help ("outside text fields"); omitted: everywhere. */
  where?: string;
  test(e: KeyboardLike): boolean;
  when(ctx: KeyContext): boolean;
}

export type ActionGroup = 'Images' | 'Caption' | 'Quick tags' | 'Review' | 'History' | 'View';

export interface Action {
  id: ActionId;
  label: string;
  group: ActionGroup;
  bindings: readonly Binding[];
  enabled(state: Store): boolean;
  /** `key` is the key that ran it (the quick-tag digit), absent for a button. */
  perform(store: StoreApi<Store>, ctx: KeyContext, key?: KeyboardLike): void | Promise<void>;
}

export type ActionId =
  | 'undo'
  | 'redo'
  | 'selectAll'
  | 'save'
  | 'focusFilter'
  | 'nextImage'
  | 'prevImage'
  | 'focusAddTag'
  | 'backToGrid'
  | 'toggleReviewed'
  | 'quickTag'
  | 'showHelp';

/**
 * A key a widget handles itself (it needs the widget's own state, e.g. which chip has focus), listed
 * here so the help and the tooltips show it; the widget tests the event with `test`.
 */
export interface WidgetKey {
  id: WidgetKeyId;
  label: string;
  group: ActionGroup | 'Tag chips' | 'Grid and list' | 'Add tag' | 'Tag list';
  keys: string;
  test(e: KeyboardLike): boolean;
}

export type WidgetKeyId =
  | 'gridMove'
  | 'gridPage'
  | 'gridEnds'
  | 'gridToggle'
  | 'gridClear'
  | 'chipMove'
  | 'chipRemove'
  | 'chipRename'
  | 'chipNudgeLeft'
  | 'chipNudgeRight'
  | 'chipDrag'
  | 'suggestMove'
  | 'suggestAccept'
  | 'suggestExact'
  | 'suggestClose'
  | 'tagMenu';
