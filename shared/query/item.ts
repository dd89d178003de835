import { firstLine, splitSentences, type CaptionDoc } from '../caption/index.ts';
import type { QueryItem } from './ast.ts';

/**
 * The query view of an image and its parsed caption (null: no caption file). The sentence count is
 * computed on first use only: splitting prose is the one expensive field and few queries need it.
 */
export function queryItemOf(path: string, doc: CaptionDoc | null): QueryItem {
  if (doc === null) return { path, hasCaption: false, tags: [], prose: '', text: '', sentences: 0 };
  let sentences: number | undefined;
  return {
    path,
    hasCaption: true,
    tags: doc.tags,
    prose: doc.prose,
    text: firstLine(doc),
    get sentences() {
      return (sentences ??= doc.prose ? splitSentences(doc.prose).length : 0);
    },
  };
}
