import { outOfView, useThumbRows } from './virtualRows.ts';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { GRID_IN_VIEW_MAX } from '../../../shared/prefs/prefs.ts';
import { thumbnailBucket } from '../../../shared/contract/index.ts';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import { shownLineLength } from '../list/captionParts.ts';
import { useStore } from '../store/index.ts';
import { BrowseListbox } from './BrowseListbox.tsx';
import { GridItem } from './GridItem.tsx';
import { estimateFullGridRow, GRID_GAP, GRID_PADDING, gridLayout, rowsPerPage } from './layout.ts';
import { browseKeyDown } from './browseKeyDown.ts';
import { useElementSize } from './useElementSize.ts';
import { useFollowCursor } from './useFollowCursor.ts';
import './grid.css';

/**
 * The image grid: rows of N columns, virtualized so only the rows in view (plus a little overscan)
 * exist in the DOM, whatever the dataset size. The listbox keeps DOM focus and points at the
 * keyboard cursor with aria-activedescendant, so scrolling an item out of the DOM never drops focus.
 * With one-line captions every row has the same height; with "Full captions" each row is measured
 * and is as tall as its tallest card.
 */
export function ImageGrid() {
  const filtered = useStore((s) => s.filtered);
  const thumbSize = useStore((s) => s.prefs.thumbSize);
  const full = useStore((s) => s.prefs.fullCaptions);
  const focused = useStore((s) => s.focused);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(scrollRef);
  const { columns, itemWidth, rowHeight } = gridLayout(width, thumbSize);
  const fixedRow = rowHeight - GRID_GAP;
  const rowCount = Math.ceil(filtered.length / columns);
  const thumbPx = thumbnailBucket(itemWidth * (globalThis.devicePixelRatio || 1));

  const estimateSize = useCallback(
    (row: number) => {
      if (!full) return fixedRow;
      const { drafts, docs } = useStore.getState();
      let longest = 0;
      for (let k = row * columns; k < Math.min(filtered.length, (row + 1) * columns); k++) longest = Math.max(longest, shownLineLength(drafts, docs, filtered[k]));
      return estimateFullGridRow(itemWidth, longest);
    },
    [full, fixedRow, columns, filtered, itemWidth],
  );
  // Measured heights are cached by key: the key names the row's first image and the layout, so a row
  // holding other images, or laid out in other columns, is measured afresh instead of reusing a height.
  const getItemKey = useCallback((row: number) => `${full ? 'full' : 'line'}:${columns}:${filtered[row * columns] ?? row}`, [full, columns, filtered]);
  const virtualizer = useThumbRows({ count: width > 0 ? rowCount : 0, scrollRef, estimateSize, getItemKey });
  // Fixed rows are never measured: a new row height must replace the estimates. (Measured rows
  // re-measure themselves when they resize; clearing them here would drop heights nobody re-reads.)
  useLayoutEffect(() => {
    if (!full) virtualizer.measure();
  }, [full, fixedRow, virtualizer]);
  useFocusRequest('grid', scrollRef);
  // Remembered, so the next folder opened has this many thumbnails made before the page asks: the
  // rows in view and the next one, which the page loads at once with them (overscan).
  const inView = Math.min(GRID_IN_VIEW_MAX, columns * (Math.ceil(height / rowHeight) + 1));
  useEffect(() => {
    if (width > 0 && height > 0 && inView !== useStore.getState().prefs.gridInView) useStore.getState().setPrefs({ gridInView: inView });
  }, [width, height, inView]);

  const focusedIndex = focused === null ? -1 : filtered.indexOf(focused);
  const focusedRow = focusedIndex < 0 ? -1 : Math.floor(focusedIndex / columns);
  useFollowCursor(virtualizer, focused, focusedRow, width > 0);
  const onKeyDown = browseKeyDown('grid', columns, (row, dir) =>
    rowsPerPage(row, dir, rowCount, height, (r) => (virtualizer.measurementsCache[r]?.size ?? fixedRow) + GRID_GAP),
  );

  const rows = virtualizer.getVirtualItems();
  const cursorRendered = rows.some((r) => r.index === focusedRow);

  return (
    <BrowseListbox
      scrollRef={scrollRef}
      className="grid-scroll"
      canvasClassName="grid-canvas"
      height={virtualizer.getTotalSize()}
      activeId={cursorRendered ? `grid-opt-${focusedIndex}` : undefined}
      onKeyDown={onKeyDown}
      empty={filtered.length === 0}
    >
      {rows.map((row) => {
        const start = row.index * columns;
        const overscan = outOfView(virtualizer.range, row.index);
        return (
          <div
            key={row.key}
            data-index={row.index}
            ref={full ? virtualizer.measureElement : undefined}
            role="presentation"
            className={full ? 'grid-row is-full' : 'grid-row'}
            style={{ transform: `translateY(${row.start}px)`, height: full ? undefined : fixedRow, gap: GRID_GAP, paddingInline: GRID_PADDING }}
          >
            {filtered.slice(start, start + columns).map((id, k) => (
              <GridItem key={id} id={id} index={start + k} count={filtered.length} width={itemWidth} thumbPx={thumbPx} full={full} overscan={overscan} />
            ))}
          </div>
        );
      })}
    </BrowseListbox>
  );
}
