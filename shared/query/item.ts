import { firstLine, splitSentences, type CaptionDoc } from '../caption/index.ts';
import type { QueryItem } from './ast.ts';

/**
 * The query view of an image and its parsed caption (null: no caption file), and whether the image
 * is marked reviewed. The sentence count is computed on first use only: splitting prose is the one
 * expensive field and few queries need it.
 */
export function queryItemOf(path: string, doc: CaptionDoc | null, reviewed = false): QueryItem {
  if (doc === null) return { path, hasCaption: false, tags: [], prose: '', text: '', sentences: 0, reviewed };
  let sentences: number | undefined;
  return {
    path,
    hasCaption: true,
    reviewed,
    tags: doc.tags,
    prose: doc.prose,
    text: firstLine(doc),
    get sentences() {
      return (sentences ??= doc.prose ? splitSentences(doc.prose).length : 0);
    },
  };
}
