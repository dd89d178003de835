import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
// The module, not the query barrel: the barrel brings the parser and its pattern engine (re2js).
import type { QueryItem } from '../../../shared/query/ast.ts';
import { queryItemOf } from '../../../shared/query/item.ts';
import type { Dataset, ImageRecord } from '../dataset/dataset.ts';

/** An image as the editing layer sees it: the record, its parsed caption, and the query view of both. */
export interface EditableImage {
  record: ImageRecord;
  doc: CaptionDoc | null;
  query: QueryItem;
}

/**
 * Parses every caption once. Images that share one caption file (`a.png` + `a.jpg` -> `a.txt`) are
 * kept, but batch planning visits each caption file once (see planEdit). Review marks come from the
 * dataset's own store, so `is:reviewed` selects the same images here as in the editor's grid.
 */
export function editableImages(dataset: Dataset): EditableImage[] {
  const review = dataset.review();
  return dataset.images().map((record) => {
    const text = record.caption?.text ?? null;
    const doc = text === null ? null : parseCaption(text);
    return { record, doc, query: queryItemOf(record.relPath, doc, review.has(record.relPath)) };
  });
}
