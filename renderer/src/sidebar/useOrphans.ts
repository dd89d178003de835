import { useEffect, useState } from 'react';
import { useStore } from '../store/index.ts';
import { request } from '../store/request.ts';

const EMPTY: readonly string[] = [];
/** Edits come in bursts (typing saves, a batch): one list request after the burst. */
const SETTLE_MS = 150;

/**
 * The caption files without an image. The snapshot's list is the start; it is asked for again after
 * every journal change (a delete, an attach, their undo) and every change of the images (an image
 * added or removed on disk makes or ends an orphan), so the section never shows a stale list.
 */
export function useOrphans(): readonly string[] {
  const transport = useStore((s) => s.transport);
  const initial = useStore((s) => s.info?.orphanCaptions ?? EMPTY);
  const root = useStore((s) => s.info?.root ?? null);
  const history = useStore((s) => s.history);
  const images = useStore((s) => s.images);
  const [fetched, setFetched] = useState<{ root: string | null; paths: readonly string[] } | null>(null);

  useEffect(() => {
    if (!transport) return;
    let live = true;
    const timer = setTimeout(() => {
      void request(transport, 'orphans.list', {}).then((res) => {
        if (live && res.ok) setFetched({ root, paths: res.value.paths });
      });
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [transport, root, history, images]);

  // A new snapshot (another folder) starts from its own list until the next answer.
  return fetched && fetched.root === root ? fetched.paths : initial;
}
