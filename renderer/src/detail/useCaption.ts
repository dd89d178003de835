import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseCaption, serializeCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import type { OpContext } from '../../../shared/tags/index.ts';
import { useStore } from '../store/index.ts';
import { useShownDoc } from '../store/shown.ts';

const NO_WORDS: readonly string[] = [];
/** An image without a caption file edits an empty caption (saving creates the file). */
const EMPTY_DOC = parseCaption('');

/**
 * The dataset's trigger words and separator: what tag ops need besides the caption itself. The tag
 * counts ("sort by frequency") are read when an op runs, not when the panel rendered: after a snapshot
 * they are counted in the background, and the key or click that runs the op finishes that first.
 */
export function useOpContext(): OpContext {
  const { triggerWords, separator } = useStore(
    useShallow((s) => ({
      triggerWords: s.info?.settings.triggerWords ?? NO_WORDS,
      separator: s.info?.settings.separator ?? ', ',
    })),
  );
  return useMemo(
    () => ({
      triggerWords,
      separator,
      get frequencies() {
        return useStore.getState().tagCounts;
      },
    }),
    [triggerWords, separator],
  );
}

/**
 * The caption being edited (the draft if there is one, else the disk text) as a doc, and `commit`,
 * which turns an edited doc back into text for the drafts slice (`now`: a step of its own, saved at
 * once, rather than typing saved after a pause). The shared caption model keeps the
 * BOM and every line after the first, so the panel only ever changes line 1.
 */
export function useCaptionDoc(id: string) {
  const { image, draft } = useStore(useShallow((s) => ({ image: s.images[id], draft: s.drafts[id] })));
  const editCaption = useStore((s) => s.editCaption);
  const doc = useShownDoc(id) ?? EMPTY_DOC;
  const commit = useCallback(
    (next: CaptionDoc, opts?: { now?: boolean; label?: string }) => {
      if (next !== doc) editCaption(id, serializeCaption(next), opts);
    },
    [doc, editCaption, id],
  );
  const readOnly = image?.captionError ?? null;
  return { image, draft, doc, commit, readOnly };
}

