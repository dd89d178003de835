import type { StoreApi } from 'zustand';
import type { Store } from '../store/types.ts';
import { historyBusy, runHistory } from './history.ts';
import { HISTORY_KEYS, isMac, MOD } from './platform.ts';
import { moveToImage, toggleReviewed } from './images.ts';
import { quickTagIndex, toggleQuickTag } from '../quicktags/toggle.ts';
import type { Action, ActionId, Binding, KeyboardLike, KeyContext, WidgetKey, WidgetKeyId } from './types.ts';

const mod = (e: KeyboardLike) => e.ctrlKey || e.metaKey;
const plain = (e: KeyboardLike) => !e.ctrlKey && !e.metaKey && !e.altKey;
const is = (e: KeyboardLike, k: string) => e.key.toLowerCase() === k.toLowerCase();

// Where bindings apply (VS Code's when-clauses).
const always = () => true;
const notInDialog = (c: KeyContext) => !c.inDialog;
/** Single-letter keys act only where letters do not type: the grid, the chips, the page itself. */
const outsideText = (c: KeyContext) => !c.typing && !c.inDialog;
/** The journal's undo, except where the field still holds unsaved text (that is its own text undo). */
const journal = (c: KeyContext) => !c.inDialog && !c.unsavedText;
const inField = (c: KeyContext) => !c.inDialog && c.scope !== null && c.scope !== 'grid';

const OUTSIDE_TEXT = 'outside text fields';

/**
 * An edit still on its way to the journal: undo can take it back too (it saves first), so Ctrl+Z
 * pressed right after a chip edit is never a dead key.
 */
const pendingEdit = (s: Store) => Object.values(s.drafts).some((d) => d.status === 'dirty' || d.status === 'saving');

export const actions: readonly Action[] = [
  {
    id: 'nextImage',
    label: 'Next image',
    group: 'Images',
    bindings: [{ keys: 'PageDown', test: (e) => plain(e) && !e.shiftKey && e.key === 'PageDown', when: notInDialog }],
    enabled: (s) => s.filtered.length > 0,
    perform: (store, ctx) => moveToImage(store, 1, ctx),
  },
  {
    id: 'prevImage',
    label: 'Previous image',
    group: 'Images',
    bindings: [{ keys: 'PageUp', test: (e) => plain(e) && !e.shiftKey && e.key === 'PageUp', when: notInDialog }],
    enabled: (s) => s.filtered.length > 0,
    perform: (store, ctx) => moveToImage(store, -1, ctx),
  },
  {
    id: 'focusAddTag',
    label: 'Add a tag',
    group: 'Caption',
    bindings: [
      { keys: 'T', where: OUTSIDE_TEXT, test: (e) => plain(e) && !e.shiftKey && is(e, 't'), when: outsideText },
      { keys: 'Enter', where: 'on a grid or list item', test: (e) => plain(e) && !e.shiftKey && e.key === 'Enter', when: (c) => c.scope === 'grid' && !c.inDialog },
    ],
    enabled: (s) => s.focused !== null || s.selected.size > 0,
    perform: (store) => store.getState().requestFocus('addTag'),
  },
  {
    id: 'backToGrid',
    label: 'Back to the images',
    group: 'Images',
    bindings: [{ keys: 'Escape', where: 'in a field or the chips', test: (e) => plain(e) && e.key === 'Escape', when: inField }],
    enabled: always,
    perform: (store) => store.getState().requestFocus('grid'),
  },
  {
    id: 'quickTag',
    label: 'Toggle quick tag 1–9',
    group: 'Quick tags',
    bindings: [{ keys: '1–9', where: OUTSIDE_TEXT, test: (e) => plain(e) && quickTagIndex(e.key) !== null, when: outsideText }],
    enabled: (s) => s.focused !== null || s.selected.size > 0,
    perform: (store, _ctx, key) => {
      const index = key ? quickTagIndex(key.key) : null;
      if (index !== null) return toggleQuickTag(store, index);
    },
  },
  {
    id: 'toggleReviewed',
    label: 'Mark reviewed / not reviewed',
    group: 'Review',
    bindings: [{ keys: 'R', where: OUTSIDE_TEXT, test: (e) => plain(e) && !e.shiftKey && is(e, 'r'), when: outsideText }],
    enabled: (s) => s.focused !== null || s.selected.size > 0,
    perform: (store) => toggleReviewed(store),
  },
  {
    id: 'undo',
    label: 'Undo',
    group: 'History',
    bindings: [{ keys: HISTORY_KEYS.undo, test: (e) => mod(e) && !e.shiftKey && !e.altKey && is(e, 'z'), when: journal }],
    enabled: (s) => s.transport !== null && (s.history.canUndo || pendingEdit(s) || historyBusy()),
    perform: (store) => runHistory(store, 'undo'),
  },
  {
    id: 'redo',
    label: 'Redo',
    group: 'History',
    bindings: [
      { keys: HISTORY_KEYS.redo, test: (e) => mod(e) && e.shiftKey && !e.altKey && is(e, 'z'), when: journal },
      ...(isMac ? [] : [{ keys: 'Ctrl+Y', test: (e: KeyboardLike) => e.ctrlKey && !e.shiftKey && !e.altKey && is(e, 'y'), when: journal }]),
    ],
    enabled: (s) => s.transport !== null && (s.history.canRedo || historyBusy()),
    perform: (store) => runHistory(store, 'redo'),
  },
  {
    id: 'save',
    label: 'Save now',
    group: 'History',
    // Everywhere, and always enabled, so Ctrl+S never falls through to the browser's "save page".
    bindings: [{ keys: `${MOD}S`, test: (e) => mod(e) && !e.shiftKey && !e.altKey && is(e, 's'), when: always }],
    enabled: always,
    perform: (store) => store.getState().flushDrafts(),
  },
  {
    id: 'selectAll',
    label: 'Select all shown',
    group: 'Images',
    bindings: [{ keys: `${MOD}A`, where: OUTSIDE_TEXT, test: (e) => mod(e) && !e.shiftKey && !e.altKey && is(e, 'a'), when: outsideText }],
    enabled: (s) => s.filtered.length > 0,
    perform: (store) => store.getState().selectAllFiltered(),
  },
  {
    id: 'focusFilter',
    label: 'Filter the images',
    group: 'View',
    bindings: [{ keys: '/', where: OUTSIDE_TEXT, test: (e) => plain(e) && e.key === '/', when: outsideText }],
    enabled: always,
    perform: (store) => store.getState().requestFocus('filter'),
  },
  {
    id: 'showHelp',
    label: 'Keyboard shortcuts',
    group: 'View',
    bindings: [
      { keys: '?', where: OUTSIDE_TEXT, test: (e) => !mod(e) && !e.altKey && e.key === '?', when: outsideText },
      { keys: 'F1', test: (e) => plain(e) && e.key === 'F1', when: notInDialog },
    ],
    enabled: always,
    perform: (store) => store.getState().setPanel('help', true),
  },
];

/** Keys widgets handle themselves; listed here so the help and tooltips show every key there is. */
export const widgetKeys: readonly WidgetKey[] = [
  { id: 'gridMove', group: 'Grid and list', label: 'Move between images (Shift: extend the selection)', keys: '← → ↑ ↓', test: (e) => !mod(e) && !e.altKey && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key) },
  { id: 'gridPage', group: 'Grid and list', label: 'One screen up / down', keys: `${MOD}PageUp / ${MOD}PageDown`, test: (e) => mod(e) && !e.altKey && (e.key === 'PageUp' || e.key === 'PageDown') },
  { id: 'gridEnds', group: 'Grid and list', label: 'First / last image', keys: 'Home / End', test: (e) => !mod(e) && !e.altKey && (e.key === 'Home' || e.key === 'End') },
  { id: 'gridToggle', group: 'Grid and list', label: 'Select or unselect the image', keys: 'Space', test: (e) => plain(e) && e.key === ' ' },
  { id: 'gridClear', group: 'Grid and list', label: 'Clear the selection', keys: 'Escape', test: (e) => plain(e) && e.key === 'Escape' },
  { id: 'chipMove', group: 'Tag chips', label: 'Move between chips', keys: '← → Home End', test: (e) => plain(e) && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key) },
  { id: 'chipRemove', group: 'Tag chips', label: 'Remove the tag', keys: 'Delete / Backspace', test: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace') },
  { id: 'chipRename', group: 'Tag chips', label: 'Rename the tag (Enter commits, Escape cancels); also double-click', keys: 'F2', test: (e) => plain(e) && e.key === 'F2' },
  { id: 'chipNudgeLeft', group: 'Tag chips', label: 'Move the tag one place left', keys: 'Alt+←', test: (e) => e.altKey && !mod(e) && !e.shiftKey && e.key === 'ArrowLeft' },
  { id: 'chipNudgeRight', group: 'Tag chips', label: 'Move the tag one place right', keys: 'Alt+→', test: (e) => e.altKey && !mod(e) && !e.shiftKey && e.key === 'ArrowRight' },
  { id: 'chipDrag', group: 'Tag chips', label: 'Pick up / drop the tag (arrows move it one place)', keys: 'Space', test: (e) => plain(e) && e.key === ' ' },
  { id: 'suggestMove', group: 'Add tag', label: 'Move through the suggestions', keys: '↓ ↑', test: (e) => !mod(e) && !e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp') },
  { id: 'suggestAccept', group: 'Add tag', label: 'Add the highlighted suggestion (Tab too)', keys: 'Enter', test: (e) => plain(e) && !e.shiftKey && e.key === 'Enter' },
  { id: 'suggestExact', group: 'Add tag', label: 'Add exactly what was typed', keys: 'Shift+Enter', test: (e) => plain(e) && e.shiftKey && e.key === 'Enter' },
  { id: 'suggestClose', group: 'Add tag', label: 'Close the suggestions (again: back to the images)', keys: 'Escape', test: (e) => plain(e) && e.key === 'Escape' },
  { id: 'tagMenu', group: 'Tag list', label: 'Open the tag’s menu: rename, delete, add to or remove from the selected images…', keys: 'Shift+F10 / Menu', test: (e) => !mod(e) && !e.altKey && (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) },
];

export const getAction = (id: ActionId): Action => actions.find((a) => a.id === id)!;
export const getWidgetKey = (id: WidgetKeyId): WidgetKey => widgetKeys.find((k) => k.id === id)!;

/** The shortcut of an action as shown in tooltips: its first binding. */
export const shortcutOf = (id: ActionId): string => getAction(id).bindings[0]?.keys ?? '';

/** The action and binding a key press selects in this context, enabled or not (a disabled one still owns its key). */
export function bindingForKey(e: KeyboardLike, ctx: KeyContext): { action: Action; binding: Binding } | null {
  for (const action of actions) {
    for (const binding of action.bindings) if (binding.test(e) && binding.when(ctx)) return { action, binding };
  }
  return null;
}

/** The action a key press triggers, if any and if it can run now. */
export function actionForKey(e: KeyboardLike, state: Store, ctx: KeyContext): Action | null {
  const found = bindingForKey(e, ctx);
  return found && found.action.enabled(state) ? found.action : null;
}

/** Runs an action; a failure ends up in the status bar, never as an unhandled rejection. */
export function performAction(action: Action, store: StoreApi<Store>, ctx: KeyContext = NO_CONTEXT, key?: KeyboardLike): void {
  void Promise.resolve()
    .then(() => action.perform(store, ctx, key))
    .catch((e: unknown) => {
      store.getState().setMessage(`${action.label} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
}

/** The context of a button click: no field, no dialog. */
export const NO_CONTEXT: KeyContext = { scope: null, typing: false, unsavedText: false, inDialog: false };

export function runAction(id: ActionId, store: StoreApi<Store>): void {
  const action = getAction(id);
  if (action.enabled(store.getState())) performAction(action, store);
}
