/** Geometry of the virtualized grid: pure, so the keyboard model and the layout are testable. */

export const GRID_GAP = 10;
export const GRID_PADDING = 12;
/** File name line + caption preview line under each thumbnail. */
export const ITEM_TEXT_HEIGHT = 40;

export interface GridLayout {
  columns: number;
  /** Width (and thumbnail height) of one item in px. */
  itemWidth: number;
  /** Height of one row including the gap below it. */
  rowHeight: number;
}

export function gridLayout(containerWidth: number, thumbSize: number): GridLayout {
  const inner = Math.max(0, containerWidth - 2 * GRID_PADDING);
  const columns = Math.max(1, Math.floor((inner + GRID_GAP) / (thumbSize + GRID_GAP)));
  const itemWidth = Math.max(40, Math.floor((inner - GRID_GAP * (columns - 1)) / columns));
  return { columns, itemWidth, rowHeight: itemWidth + ITEM_TEXT_HEIGHT + GRID_GAP };
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

const NAV_KEYS: ReadonlySet<string> = new Set<NavKey>(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);
export const isNavKey = (key: string): key is NavKey => NAV_KEYS.has(key);

/**
 * Where the keyboard cursor goes from `index` (-1: nowhere yet) in a grid of `count` items laid out
 * in `columns`, with `pageRows` rows visible. Moves clamp at the edges instead of wrapping, as in
 * file managers, so holding a key never jumps to the other end.
 */
export function navigate(key: NavKey, index: number, count: number, columns: number, pageRows: number): number {
  if (count === 0) return -1;
  if (index < 0) return key === 'End' ? count - 1 : 0;
  const page = Math.max(1, pageRows) * columns;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowLeft': return clamp(index - 1);
    case 'ArrowRight': return clamp(index + 1);
    case 'ArrowUp': return index - columns >= 0 ? index - columns : index;
    case 'ArrowDown': return index + columns < count ? index + columns : (Math.floor(index / columns) < Math.floor((count - 1) / columns) ? count - 1 : index);
    case 'Home': return 0;
    case 'End': return count - 1;
    case 'PageUp': return clamp(index - page);
    case 'PageDown': return clamp(index + page);
  }
}
