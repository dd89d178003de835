import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef } from 'react';
import { thumbnailBucket } from '../../../shared/contract/index.ts';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import { BrowseListbox } from '../grid/BrowseListbox.tsx';
import { outOfView } from '../grid/virtualRows.ts';
import { rowsPerPage } from '../grid/layout.ts';
import { browseKeyDown } from '../grid/browseKeyDown.ts';
import { useElementSize } from '../grid/useElementSize.ts';
import { useFollowCursor } from '../grid/useFollowCursor.ts';
import { useStore } from '../store/index.ts';
import { shownLineLength } from './captionParts.ts';
import { ListRow } from './ListRow.tsx';
import { estimateListRow, listThumbSize } from './listLayout.ts';
import '../grid/grid.css';
import './list.css';

/**
 * The list view: one row per image, its whole line 1 beside the thumbnail, for reading while
 * scanning. Rows are as tall as their caption, so the virtualizer measures each rendered row (a
 * ResizeObserver re-measures it when its caption or the pane width changes) and starts from an
 * estimate by caption length. Selection, cursor and keys work as in the grid (one column; left and
 * right do nothing), with the same aria-activedescendant pattern so DOM focus stays on the listbox.
 */
export function ImageList() {
  const filtered = useStore((s) => s.filtered);
  const thumbSize = useStore((s) => s.prefs.thumbSize);
  const focused = useStore((s) => s.focused);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(scrollRef);
  const thumb = listThumbSize(thumbSize);
  const thumbPx = thumbnailBucket(thumb * (globalThis.devicePixelRatio || 1));

  const estimateSize = useCallback(
    (i: number) => {
      const { drafts, docs } = useStore.getState();
      return estimateListRow(shownLineLength(drafts, docs, filtered[i]), width, thumb);
    },
    [filtered, width, thumb],
  );
  // Sizes are cached by image id, so a filter change keeps every row's measured height.
  const getItemKey = useCallback((i: number) => filtered[i] ?? i, [filtered]);
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    // No rows before the width is known: estimates made for a zero width would stand until measured.
    count: width > 0 ? filtered.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 6,
    paddingStart: 4,
    paddingEnd: 12,
  });
  useFocusRequest('grid', scrollRef);

  const focusedIndex = focused === null ? -1 : filtered.indexOf(focused);
  useFollowCursor(virtualizer, focused, focusedIndex, width > 0);
  const onKeyDown = browseKeyDown('rows', 1, (row, dir) =>
    rowsPerPage(row, dir, filtered.length, height, (r) => virtualizer.measurementsCache[r]?.size ?? estimateSize(r)),
  );

  const rows = virtualizer.getVirtualItems();
  const cursorRendered = rows.some((r) => r.index === focusedIndex);

  return (
    <BrowseListbox
      scrollRef={scrollRef}
      className="grid-scroll list-scroll"
      canvasClassName="list-canvas"
      height={virtualizer.getTotalSize()}
      activeId={cursorRendered ? `list-opt-${focusedIndex}` : undefined}
      onKeyDown={onKeyDown}
      empty={filtered.length === 0}
    >
      {rows.map((row) => (
        <ListRow
          key={row.key}
          id={filtered[row.index]!}
          index={row.index}
          count={filtered.length}
          thumb={thumb}
          thumbPx={thumbPx}
          start={row.start}
          measure={virtualizer.measureElement}
          overscan={outOfView(virtualizer.range, row.index)}
        />
      ))}
    </BrowseListbox>
  );
}
