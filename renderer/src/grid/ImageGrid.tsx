import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { thumbnailBucket } from '../../../shared/contract/index.ts';
import { useStore } from '../store/index.ts';
import { GridEmpty } from './GridEmpty.tsx';
import { GridItem } from './GridItem.tsx';
import { GRID_GAP, GRID_PADDING, gridLayout, isNavKey, navigate } from './layout.ts';
import { useElementSize } from './useElementSize.ts';
import './grid.css';

/**
 * The image grid: rows of N columns, virtualized so only the rows in view (plus a little overscan)
 * exist in the DOM, whatever the dataset size. The listbox keeps DOM focus and points at the
 * keyboard cursor with aria-activedescendant, so scrolling an item out of the DOM never drops focus.
 */
export function ImageGrid() {
  const filtered = useStore((s) => s.filtered);
  const thumbSize = useStore((s) => s.thumbSize);
  const focused = useStore((s) => s.focused);
  const moveFocus = useStore((s) => s.moveFocus);
  const select = useStore((s) => s.select);
  const clearSelection = useStore((s) => s.clearSelection);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(scrollRef);
  const { columns, itemWidth, rowHeight } = gridLayout(width, thumbSize);
  const rowCount = Math.ceil(filtered.length / columns);
  const thumbPx = thumbnailBucket(itemWidth * (globalThis.devicePixelRatio || 1));

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 2,
    paddingStart: GRID_PADDING,
    paddingEnd: GRID_PADDING,
  });
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const focusedIndex = focused === null ? -1 : filtered.indexOf(focused);
  const focusedRow = focusedIndex < 0 ? -1 : Math.floor(focusedIndex / columns);
  // Follow the cursor when it moves (keyboard, detail panel); a filter change alone does not scroll.
  const lastFocused = useRef(focused);
  useEffect(() => {
    if (focused === lastFocused.current) return;
    lastFocused.current = focused;
    if (focusedRow >= 0) virtualizer.scrollToIndex(focusedRow, { align: 'auto' });
  }, [focused, focusedRow, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const cursorRendered = rows.some((r) => r.index === focusedRow);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey) return;
    if (isNavKey(e.key)) {
      e.preventDefault();
      const pageRows = Math.max(1, Math.floor(height / rowHeight));
      const target = filtered[navigate(e.key, focusedIndex, filtered.length, columns, pageRows)];
      if (target !== undefined) moveFocus(target, e.shiftKey);
    } else if (e.key === ' ' && focused !== null) {
      e.preventDefault();
      select(focused, 'toggle');
    } else if (e.key === 'Escape') {
      clearSelection();
    }
  };

  return (
    <div className="grid-wrap">
    <div
      ref={scrollRef}
      className="grid-scroll"
      role="listbox"
      aria-label="Images"
      aria-multiselectable="true"
      aria-activedescendant={cursorRendered ? `grid-opt-${focusedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const start = row.index * columns;
            return (
              <div
                key={row.key}
                role="presentation"
                className="grid-row"
                style={{ transform: `translateY(${row.start}px)`, height: rowHeight - GRID_GAP, gap: GRID_GAP, paddingInline: GRID_PADDING }}
              >
                {filtered.slice(start, start + columns).map((id, k) => (
                  <GridItem key={id} id={id} index={start + k} count={filtered.length} width={itemWidth} thumbPx={thumbPx} />
                ))}
              </div>
            );
          })}
      </div>
    </div>
    {filtered.length === 0 && <GridEmpty />}
    </div>
  );
}
