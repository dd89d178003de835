import { useEffect, useRef } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';

/**
 * Scrolls the keyboard cursor's row into view when the cursor moves (keys, the detail panel, PageDown)
 * and once when the view appears, centred, so switching between grid and list keeps the place. A
 * filter change alone does not scroll. `ready`: the view has its size (rows depend on the width).
 */
export function useFollowCursor(virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>, focused: string | null, row: number, ready: boolean): void {
  const last = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!ready || focused === last.current) return;
    const appearing = last.current === undefined;
    last.current = focused;
    if (row >= 0) virtualizer.scrollToIndex(row, { align: appearing ? 'center' : 'auto' });
  }, [focused, row, ready, virtualizer]);
}
