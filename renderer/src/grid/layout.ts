/** Geometry of the virtualized grid and list: pure, so the keyboard model and the layout are testable. */

export const GRID_GAP = 10;
export const GRID_PADDING = 12;
/** File name line + caption preview line under each thumbnail. */
export const ITEM_TEXT_HEIGHT = 40;

export interface GridLayout {
  columns: number;
  /** Width (and thumbnail height) of one item in px. */
  itemWidth: number;
  /** Height of one row including the gap below it, with one-line captions. */
  rowHeight: number;
}

export function gridLayout(containerWidth: number, thumbSize: number): GridLayout {
  const inner = Math.max(0, containerWidth - 2 * GRID_PADDING);
  const columns = Math.max(1, Math.floor((inner + GRID_GAP) / (thumbSize + GRID_GAP)));
  const itemWidth = Math.max(40, Math.floor((inner - GRID_GAP * (columns - 1)) / columns));
  return { columns, itemWidth, rowHeight: itemWidth + ITEM_TEXT_HEIGHT + GRID_GAP };
}

/*
 * Wrapped caption heights are estimated before a row is measured: the closer the guess, the less the
 * scrollbar and the rows below shift when the real height arrives. The numbers follow grid.css and
 * list.css (font sizes, line heights, paddings); an average character is about half an em wide, a
 * little more with the tag chips' padding.
 */
const CHAR_EM = 0.56;

/** Lines a caption of `chars` characters takes when wrapped in `width` px of `fontPx` text. */
export function wrappedLines(chars: number, width: number, fontPx: number): number {
  if (chars <= 0) return 1;
  const perLine = Math.max(1, Math.floor(width / (fontPx * CHAR_EM)));
  return Math.ceil(chars / perLine);
}

/** Full-captions grid: card text below the thumbnail (name line, caption at 12px / 17px lines, padding). */
export const GRID_NAME_LINE = 20;
export const GRID_CAPTION_FONT = 12;
export const GRID_CAPTION_LINE = 17;
const GRID_META_PADDING = 8;

/** Estimated height of a full-captions grid row whose longest line 1 has `chars` characters (gap excluded). */
export function estimateFullGridRow(itemWidth: number, chars: number): number {
  return itemWidth + GRID_NAME_LINE + GRID_META_PADDING + wrappedLines(chars, itemWidth - 8, GRID_CAPTION_FONT) * GRID_CAPTION_LINE;
}

/**
 * How many rows one screen up or down is from `row` (the cursor's row): the rows after it in the
 * direction of the move that fit in `viewport` px, at least 1. Rows have their own heights (`sizeOf`)
 * since captions wrap, so a page is counted in pixels, not in an average row.
 */
export function rowsPerPage(row: number, dir: 1 | -1, rowCount: number, viewport: number, sizeOf: (row: number) => number): number {
  let rows = 0;
  let used = 0;
  for (let r = row + dir; r >= 0 && r < rowCount; r += dir) {
    used += sizeOf(r);
    if (used > viewport) break;
    rows++;
  }
  return Math.max(1, rows);
}

/** A keyboard cursor move of the grid or the list (keys: actions/registry.ts widgetKeys, grid/keys.ts). */
export type NavMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/**
 * Where the keyboard cursor goes from `index` (-1: nowhere yet) in a grid of `count` items laid out
 * in `columns`, with `pageRows` rows to one screen. Moves clamp at the edges instead of wrapping, as
 * in file managers, so holding a key never jumps to the other end. The list is a grid of one column.
 */
export function navigate(move: NavMove, index: number, count: number, columns: number, pageRows: number): number {
  if (count === 0) return -1;
  if (index < 0) return move === 'end' ? count - 1 : 0;
  const page = Math.max(1, pageRows) * columns;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (move) {
    case 'left': return clamp(index - 1);
    case 'right': return clamp(index + 1);
    case 'up': return index - columns >= 0 ? index - columns : index;
    case 'down': return index + columns < count ? index + columns : (Math.floor(index / columns) < Math.floor((count - 1) / columns) ? count - 1 : index);
    case 'home': return 0;
    case 'end': return count - 1;
    case 'pageUp': return clamp(index - page);
    case 'pageDown': return clamp(index + page);
  }
}
