import { useLayoutEffect, useState, type RefObject } from 'react';

export interface Placement {
  left: number;
  width: number;
  /** Set when the list opens below the anchor. */
  top?: number;
  /** Set when the list opens above it (distance from the viewport's bottom edge). */
  bottom?: number;
  maxHeight: number;
}

const MARGIN = 6;

/** Below when the wanted height fits there or there is more room below than above; else above. */
export function placePopup(anchor: { left: number; top: number; bottom: number; width: number }, viewportHeight: number, wanted: number): Placement {
  const below = viewportHeight - anchor.bottom - MARGIN * 2;
  const above = anchor.top - MARGIN * 2;
  const base = { left: anchor.left, width: anchor.width };
  if (wanted <= below || below >= above) return { ...base, top: anchor.bottom + MARGIN / 2, maxHeight: Math.max(0, below) };
  return { ...base, bottom: viewportHeight - anchor.top + MARGIN / 2, maxHeight: Math.max(0, above) };
}

/**
 * Where a popup list goes so it is fully visible: fixed to the viewport (no scrolling panel clips
 * it), below its anchor when it fits, above when there is no room below. Follows resizes and scrolls.
 */
export function usePopupPlacement(anchor: RefObject<HTMLElement | null>, open: boolean, wanted: number): Placement | null {
  const [placement, setPlacement] = useState<Placement | null>(null);
  useLayoutEffect(() => {
    if (!open) {
      setPlacement(null);
      return;
    }
    const update = () => {
      const el = anchor.current;
      if (!el) return;
      const r = el.getBoundingClientRect();
      const next = placePopup(r, window.innerHeight, wanted);
      setPlacement((p) => (p && JSON.stringify(p) === JSON.stringify(next) ? p : next));
    };
    update();
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, true);
    return () => {
      window.removeEventListener('resize', update);
      window.removeEventListener('scroll', update, true);
    };
  }, [anchor, open, wanted]);
  return placement;
}
