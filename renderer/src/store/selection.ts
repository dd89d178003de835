import type { StateCreator } from 'zustand';
import type { SelectionSlice, Store } from './types.ts';

/** Ids from `from` to `to` inclusive, in `filtered` order; null when either is not shown. */
export function rangeBetween(filtered: readonly string[], from: string, to: string): string[] | null {
  const a = filtered.indexOf(from);
  const b = filtered.indexOf(to);
  if (a < 0 || b < 0) return null;
  return filtered.slice(Math.min(a, b), Math.max(a, b) + 1);
}

export const createSelectionSlice: StateCreator<Store, [], [], SelectionSlice> = (set, get) => ({
  selected: new Set(),
  focused: null,
  anchor: null,
  select(id, mode) {
    const { selected, anchor, focused, filtered } = get();
    if (mode === 'toggle') {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next, focused: id, anchor: id });
      return;
    }
    if (mode === 'range') {
      // Like a file manager: the range runs from the anchor (last plain or ctrl click) to here and
      // replaces the selection, so shift-clicking again re-draws the range instead of growing it.
      const range = rangeBetween(filtered, anchor ?? focused ?? id, id);
      if (range) {
        set({ selected: new Set(range), focused: id, anchor: anchor ?? focused ?? id });
        return;
      }
    }
    set({ selected: new Set([id]), focused: id, anchor: id });
  },
  selectAllFiltered() {
    const { filtered, focused } = get();
    set({ selected: new Set(filtered), focused: focused ?? filtered[0] ?? null });
  },
  clearSelection: () => set({ selected: new Set(), anchor: null }),
  moveFocus(id, extend) {
    if (extend) get().select(id, 'range');
    else get().select(id, 'replace');
  },
});
