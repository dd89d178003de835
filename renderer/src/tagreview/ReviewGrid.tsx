import type { VirtualItem } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { thumbnailBucket } from '../../../shared/contract/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { browseKeyOf } from '../grid/keys.ts';
import { GRID_GAP, GRID_PADDING, gridLayout } from '../grid/layout.ts';
import { selectModeOf } from '../grid/selectMode.ts';
import { Thumb } from '../grid/Thumb.tsx';
import { imageOptionProps, outOfView, useThumbRows } from '../grid/virtualRows.ts';
import '../grid/grid.css';
import { useElementSize } from '../grid/useElementSize.ts';
import { useStore } from '../store/index.ts';
import type { SelectMode } from '../store/types.ts';
import { groupKeyIndex, moveCursor, placeOf, reviewRows, rowIndexOf, type ReviewMode, type ReviewRow, type ReviewSection } from './model.ts';

/** Section heading row, and the text under a tile: the name, plus the group's tags in group mode. */
const HEADER_HEIGHT = 30;
const NAME_LINE = 24;
const TAGS_LINE = 22;

export type ReviewAct = { kind: 'toggle' } | { kind: 'set'; index: number };

interface Props {
  /** The listbox, for the dialog to focus once it is open. */
  listRef: RefObject<HTMLDivElement | null>;
  mode: ReviewMode;
  sections: readonly ReviewSection[];
  flat: readonly string[];
  cursor: string | null;
  selected: ReadonlySet<string>;
  /** Which of the group's tags (indexes) an image has; group mode only. */
  matchesOf(id: string): readonly number[];
  /** A click with its modifiers, or a key move (`extend`: Shift). */
  onSelect(id: string, mode: SelectMode): void;
  onSelectAll(): void;
  /** A plain click on an image: in tag mode it toggles that image. */
  onActivate(id: string): void;
  /** Space, or a group key, on the cursor's image or the selection. */
  onAct(act: ReviewAct): void;
}

/**
 * The review's images as one multi-select listbox split into sections (one `group` per section),
 * virtualized like the image grid: only the rows in view exist, the listbox keeps DOM focus and points
 * at the cursor with aria-activedescendant. Thumbnails are the grid's own (same URLs, same cache).
 */
export function ReviewGrid({ listRef, mode, sections, flat, cursor, selected, matchesOf, onSelect, onSelectAll, onActivate, onAct }: Props) {
  const thumbSize = useStore((s) => s.prefs.thumbSize);
  const scrollRef = listRef;
  const { width, height } = useElementSize(scrollRef);
  const { columns, itemWidth } = gridLayout(width, thumbSize);
  const tileHeight = itemWidth + NAME_LINE + (mode.kind === 'group' ? TAGS_LINE : 0);
  const rows = useMemo(() => reviewRows(sections, columns), [sections, columns]);
  const thumbPx = thumbnailBucket(itemWidth * (globalThis.devicePixelRatio || 1));

  const estimateSize = useCallback((i: number) => (rows[i]?.kind === 'header' ? HEADER_HEIGHT : tileHeight), [rows, tileHeight]);
  const getItemKey = useCallback(
    (i: number) => {
      const row = rows[i];
      if (!row) return i;
      const section = sections[row.section]!;
      return row.kind === 'header' ? `h:${section.key}` : `${section.key}:${columns}:${section.ids[row.start] ?? row.start}`;
    },
    [rows, sections, columns],
  );
  const virtualizer = useThumbRows({ count: width > 0 ? rows.length : 0, scrollRef, estimateSize, getItemKey });
  // Rows are never measured: new heights (another column count, tag vs group mode) replace the estimates.
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [tileHeight, columns, virtualizer]);

  const place = placeOf(sections, cursor);
  const cursorRow = place ? rowIndexOf(sections, columns, place) : -1;
  const cursorIndex = cursor === null ? -1 : flat.indexOf(cursor);
  // The view follows the cursor to another image, and with its image to another section (an edit
  // that emptied the section it was in, an undo that brought it back). Unlike the grid's, it does not
  // centre the cursor on opening: the first section's heading stays in view when it can.
  const followed = useRef<string | null | undefined>(undefined);
  const follow = place && cursor !== null ? `${sections[place.section]!.key}\u0000${cursor}` : null;
  useEffect(() => {
    if (width === 0 || follow === followed.current) return;
    followed.current = follow;
    if (cursorRow >= 0) virtualizer.scrollToIndex(cursorRow, { align: 'auto' });
  }, [follow, cursorRow, width, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const cursorRendered = items.some((r) => r.index === cursorRow);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (mode.kind === 'group' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const index = groupKeyIndex(e.key);
      if (index !== null && index < mode.tags.length) {
        e.preventDefault();
        onAct({ kind: 'set', index });
        return;
      }
    }
    if (e.key === ' ' && (e.ctrlKey || e.metaKey) && !e.altKey) {
      // Ctrl+Space: the cursor's image into or out of the selection (Space itself edits).
      e.preventDefault();
      if (cursor !== null) onSelect(cursor, 'toggle');
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      onSelectAll();
      return;
    }
    // Plain PageUp / PageDown page here too: the review has no "next image" of its own.
    const paging = !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === 'PageUp' || e.key === 'PageDown');
    const key = paging ? ({ kind: 'move', move: e.key === 'PageUp' ? 'pageUp' : 'pageDown', extend: e.shiftKey } as const) : browseKeyOf(e, 'grid');
    // Escape ('clear' in the grid) is left to the dialog: it closes the review.
    if (!key || key.kind === 'clear') return;
    e.preventDefault();
    if (key.kind === 'toggle') {
      onAct({ kind: 'toggle' });
      return;
    }
    const pageRows = Math.max(1, Math.floor(height / (tileHeight + GRID_GAP)));
    const target = moveCursor(sections, columns, cursor, key.move, pageRows);
    if (target !== null) onSelect(target, key.extend ? 'range' : 'replace');
  };

  const onClick = (id: string, e: MouseEvent) => {
    const how = selectModeOf(e);
    if (how === 'replace' && mode.kind === 'tag') onActivate(id);
    else onSelect(id, how);
  };

  // Rendered rows grouped by section: each section is a `group` of the listbox, named with its count.
  const bySection = new Map<number, VirtualItem[]>();
  for (const item of items) {
    const row = rows[item.index];
    if (!row) continue;
    const list = bySection.get(row.section) ?? [];
    list.push(item);
    bySection.set(row.section, list);
  }
  let offset = 0;
  const firstIndex = sections.map((s) => {
    const at = offset;
    offset += s.ids.length;
    return at;
  });

  const renderRow = (item: VirtualItem, row: ReviewRow) => {
    const section = sections[row.section]!;
    if (row.kind === 'header') {
      return (
        <div key={item.key} className="tr-head" aria-hidden="true" style={{ transform: `translateY(${item.start}px)`, height: HEADER_HEIGHT, paddingInline: GRID_PADDING }}>
          <span className="tr-head-title">{section.title}</span>
          <span className="tr-head-count">{section.ids.length}</span>
          {section.ids.length === 0 && <span className="tr-head-empty">no images</span>}
        </div>
      );
    }
    return (
      <div key={item.key} role="presentation" className="tr-row" style={{ transform: `translateY(${item.start}px)`, height: tileHeight, gap: GRID_GAP, paddingInline: GRID_PADDING }}>
        {section.ids.slice(row.start, row.start + columns).map((id, k) => {
          const index = firstIndex[row.section]! + row.start + k;
          return (
            <ReviewTile
              key={id}
              id={id}
              index={index}
              count={flat.length}
              width={itemWidth}
              thumbPx={thumbPx}
              overscan={outOfView(virtualizer.range, item.index)}
              selected={selected.has(id)}
              focused={cursor === id}
              groupTags={mode.kind === 'group' ? mode.tags : null}
              matches={mode.kind === 'group' ? matchesOf(id) : null}
              onClick={onClick}
            />
          );
        })}
      </div>
    );
  };

  return (
    <div className="tr-wrap">
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="listbox"
        aria-label={mode.kind === 'tag' ? `Images, by whether they have ${mode.tag}` : 'Images, by which tag of the group they have'}
        aria-multiselectable="true"
        aria-activedescendant={cursorRendered && cursorIndex >= 0 ? `tr-opt-${cursorIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {[...bySection].map(([s, list]) => {
            const section = sections[s]!;
            return (
              <div key={section.key} role="group" aria-label={`${section.title}: ${section.ids.length} ${section.ids.length === 1 ? 'image' : 'images'}`} className="tr-group">
                {list.map((item) => renderRow(item, rows[item.index]!))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface TileProps {
  id: string;
  index: number;
  count: number;
  width: number;
  thumbPx: number;
  /** Rendered ahead of the scroll, out of view: its thumbnail loads after the ones in view. */
  overscan: boolean;
  selected: boolean;
  focused: boolean;
  groupTags: readonly string[] | null;
  matches: readonly number[] | null;
  onClick(id: string, e: MouseEvent): void;
}

/** One image: an option named by its file name; in group mode it shows (and is described by) the group tags it has. */
function ReviewTile({ id, index, count, width, thumbPx, overscan, selected, focused, groupTags, matches, onClick }: TileProps) {
  const classes = ['tr-tile', selected && 'is-selected', focused && 'is-focused'].filter(Boolean).join(' ');
  const tagsId = `tr-tags-${index}`;
  return (
    <div
      {...imageOptionProps('tr', id, index, count, selected, fileName(id))}
      className={classes}
      style={{ width }}
      aria-describedby={groupTags ? tagsId : undefined}
      onClick={(e) => onClick(id, e)}
    >
      <div className="grid-thumb tr-thumb" style={{ height: width }}>
        <Thumb id={id} px={thumbPx} overscan={overscan} />
        {selected && (
          <span className="grid-check" aria-hidden="true">
            ✓
          </span>
        )}
      </div>
      <span className="tr-name">{fileName(id)}</span>
      {groupTags && matches && (
        <>
          {/* The words a screen reader gets: the chips below are drawn for the eye. */}
          <span className="visually-hidden" id={tagsId}>
            {matches.length === 0 ? 'none of the group' : matches.map((i) => groupTags[i]).join(', ')}
          </span>
          <span className="tr-tags" aria-hidden="true">
            {matches.length === 0 ? (
              <span className="tr-tags-none">none</span>
            ) : (
              matches.map((i) => (
                <span key={i} className={matches.length > 1 ? 'tr-tag is-conflict' : 'tr-tag'}>
                  <span className="tr-tag-key">{i + 1}</span>
                  {groupTags[i]}
                </span>
              ))
            )}
          </span>
        </>
      )}
    </div>
  );
}
