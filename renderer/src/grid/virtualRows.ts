import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';
import { GRID_GAP, GRID_PADDING } from './layout.ts';

/** Rows of thumbnails, virtualized the one way the grid and the tag review both lay them out. */
export function useThumbRows(opts: {
  count: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  estimateSize(row: number): number;
  getItemKey(row: number): string | number;
}) {
  return useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: opts.count,
    getScrollElement: () => opts.scrollRef.current,
    estimateSize: opts.estimateSize,
    getItemKey: opts.getItemKey,
    gap: GRID_GAP,
    overscan: 2,
    paddingStart: GRID_PADDING,
    paddingEnd: GRID_PADDING,
  });
}

/**
 * Whether a rendered row lies out of view, rendered ahead of the scroll (the virtualizer's overscan);
 * `range` is the virtualizer's rows in view, read after getVirtualItems().
 */
export function outOfView(range: { startIndex: number; endIndex: number } | null, index: number): boolean {
  return !range || index < range.startIndex || index > range.endIndex;
}

/** The ARIA and title attributes of one image option in a listbox of `count` (grid, tag review). */
export function imageOptionProps(prefix: string, id: string, index: number, count: number, selected: boolean, name: string) {
  return {
    role: 'option' as const,
    id: `${prefix}-opt-${index}`,
    'aria-label': name,
    'aria-selected': selected,
    'aria-setsize': count,
    'aria-posinset': index + 1,
    title: id,
  };
}
