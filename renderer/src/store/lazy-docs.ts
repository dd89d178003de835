import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import type { ImageItem } from '../../../shared/contract/index.ts';

/*
 * A snapshot's captions, parsed when first read. Parsing 10,000 captions takes a tenth of a second
 * or more, and the grid needs none of them: it shows the text as it is. So the grid comes first and
 * every caption is parsed the first time anything reads it (a filter, the editor, a spread of the
 * record), or in the background (settleDocs in dataset.ts); either way `docs[id]` is always the parse
 * of `images[id]`, never missing or stale.
 */

export const parseItem = (item: ImageItem): CaptionDoc | null => (item.caption === null ? null : parseCaption(item.caption));

/** `docs` for these images: each entry a getter that parses once and then becomes a plain value. */
export function lazyDocs(items: readonly ImageItem[]): Record<string, CaptionDoc | null> {
  const docs: Record<string, CaptionDoc | null> = {};
  for (const item of items) {
    Object.defineProperty(docs, item.id, {
      configurable: true,
      enumerable: true,
      get() {
        const doc = parseItem(item);
        Object.defineProperty(docs, item.id, { value: doc, writable: true, enumerable: true, configurable: true });
        return doc;
      },
    });
  }
  return docs;
}

/** True when the entry has been read (parsed) already; tests and the background parse ask. */
export const isParsed = (docs: object, id: string): boolean => 'value' in (Object.getOwnPropertyDescriptor(docs, id) ?? { value: null });
