import { memo } from 'react';
import { fileName, folderOf } from '../../../shared/contract/ids.ts';
import { CaptionText } from '../list/CaptionText.tsx';
import { useStore } from '../store/index.ts';
import { shownText } from '../store/shown.ts';
import { firstLineOf } from './badges.ts';
import { BadgeList, useBadges } from './Badges.tsx';
import { selectModeOf } from './selectMode.ts';
import { Thumb } from './Thumb.tsx';
import { imageOptionProps } from './virtualRows.ts';

interface Props {
  id: string;
  index: number;
  count: number;
  width: number;
  /** Requested thumbnail size in device pixels (already bucketed so the cache is shared). */
  thumbPx: number;
  /** The whole line 1, wrapped ("Full captions"), instead of one truncated line. */
  full: boolean;
  /** Rendered ahead of the scroll, out of view: its thumbnail loads after the ones in view. */
  overscan: boolean;
}

/** One image: an option named by its file name, described by its badges and caption. */
export const GridItem = memo(function GridItem({ id, index, count, width, thumbPx, full, overscan }: Props) {
  const selected = useStore((s) => s.selected.has(id));
  const focused = useStore((s) => s.focused === id);
  const select = useStore((s) => s.select);
  const badges = useBadges(id);
  const folder = folderOf(id);
  const classes = ['grid-item', selected && 'is-selected', focused && 'is-focused', full && 'is-full'].filter(Boolean).join(' ');

  return (
    <div
      {...imageOptionProps('grid', id, index, count, selected, fileName(id))}
      className={classes}
      style={{ width }}
      aria-describedby={`grid-badges-${index} grid-cap-${index}`}
      onClick={(e) => select(id, selectModeOf(e))}
    >
      <div className="grid-thumb" style={{ height: width }}>
        <Thumb id={id} px={thumbPx} overscan={overscan} />
        <BadgeList badges={badges} id={`grid-badges-${index}`} className="grid-badges" />
        {selected && (
          <span className="grid-check" aria-hidden="true">
            ✓
          </span>
        )}
      </div>
      <div className="grid-meta">
        <span className="grid-name">
          {fileName(id)}
          {folder && <span className="grid-folder"> · {folder}</span>}
        </span>
        {full ? <CaptionText imageId={id} id={`grid-cap-${index}`} className="grid-caption-full" /> : <CaptionPreview id={id} elementId={`grid-cap-${index}`} />}
      </div>
    </div>
  );
});

/** One truncated line of plain text: the dense default, cheap for thousands of cards. */
function CaptionPreview({ id, elementId }: { id: string; elementId: string }) {
  const preview = useStore((s) => {
    const text = shownText(s, id);
    return text === null ? '' : firstLineOf(text).trim();
  });
  return (
    <span className={preview ? 'grid-caption' : 'grid-caption is-empty'} id={elementId}>
      {preview || 'No caption'}
    </span>
  );
}
