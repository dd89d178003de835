import type { SelectionSlice, SliceCreator } from './types.ts';

/** Ids from `from` to `to` inclusive, in `filtered` order; null when either is not shown. */
export function rangeBetween(filtered: readonly string[], from: string, to: string): string[] | null {
  const a = filtered.indexOf(from);
  const b = filtered.indexOf(to);
  if (a < 0 || b < 0) return null;
  return filtered.slice(Math.min(a, b), Math.max(a, b) + 1);
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
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
  step(delta) {
    const { filtered, order, focused } = get();
    const next = stepTarget(filtered, order, focused, delta);
    if (next !== null) set({ selected: new Set([next]), focused: next, anchor: next });
    return next;
  },
});

/**
 * Where PageDown / PageUp go in `filtered` (a subsequence of `order`): the neighbour of the focused
 * image. An edit may have just filtered the focused image out (it gained the tag the filter excludes):
 * then the next shown image after its place in `order` is meant, not the first one. Nothing focused:
 * the first (or last) image. Null past either end.
 */
export function stepTarget(filtered: readonly string[], order: readonly string[], focused: string | null, delta: 1 | -1): string | null {
  if (filtered.length === 0) return null;
  const at = focused === null ? -1 : filtered.indexOf(focused);
  if (at >= 0) return filtered[at + delta] ?? null;
  const place = focused === null ? -1 : order.indexOf(focused);
  if (place < 0) return (delta > 0 ? filtered[0] : filtered[filtered.length - 1]) ?? null;
  const shown = new Set(filtered);
  for (let i = place + delta; i >= 0 && i < order.length; i += delta) if (shown.has(order[i]!)) return order[i]!;
  return null;
}
