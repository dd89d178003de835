import { THUMB_MIN } from '../../../shared/prefs/prefs.ts';
import { wrappedLines } from '../grid/layout.ts';

/*
 * Geometry of the list view, following list.css: a row is padding, a thumbnail, and beside it the
 * name line over the wrapped caption. Pure, so the estimates the virtualizer starts from are tested.
 */
export const LIST_PAD_X = 12;
export const LIST_PAD_Y = 8;
export const LIST_GAP = 12;
/** Name line (with badges) and the space under it. */
export const LIST_HEAD = 24;
export const LIST_CAPTION_FONT = 13;
export const LIST_CAPTION_LINE = 19;
const LIST_BORDER = 1;
const LIST_THUMB_MIN = 64;

/** List thumbnails follow the thumbnail-size slider at half scale, so the caption keeps the room. */
export function listThumbSize(thumbSize: number): number {
  return Math.max(LIST_THUMB_MIN, Math.round(Math.max(thumbSize, THUMB_MIN) / 2));
}

/** Width left for the caption in a row `rowWidth` px wide. */
export function listTextWidth(rowWidth: number, thumb: number): number {
  return Math.max(40, rowWidth - 2 * LIST_PAD_X - LIST_GAP - thumb);
}

/** Estimated height of a row whose line 1 has `chars` characters, until the real one is measured. */
export function estimateListRow(chars: number, rowWidth: number, thumb: number): number {
  const text = LIST_HEAD + wrappedLines(chars, listTextWidth(rowWidth, thumb), LIST_CAPTION_FONT) * LIST_CAPTION_LINE;
  return 2 * LIST_PAD_Y + LIST_BORDER + Math.max(thumb, text);
}
