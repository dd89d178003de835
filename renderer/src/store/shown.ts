import { useMemo } from 'react';
import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import { useStore } from './index.ts';
import type { Store } from './types.ts';

/*
 * What an image's caption is as the editor shows it: its unsaved edit when there is one, else the file
 * as last read. Every view (the caption panel, grid cards, list rows, quick tags) reads it here.
 */

/** The shown caption text; null: no caption file and no edit. */
export const shownText = (s: Pick<Store, 'drafts' | 'images'>, id: string): string | null => s.drafts[id]?.text ?? s.images[id]?.caption ?? null;

/** The shown caption parsed: the store's parse of the file, or the edit parsed once per change. */
export function useShownDoc(id: string): CaptionDoc | null {
  const draftText = useStore((s) => s.drafts[id]?.text);
  const stored = useStore((s) => s.docs[id] ?? null);
  return useMemo(() => (draftText !== undefined ? parseCaption(draftText) : stored), [draftText, stored]);
}
