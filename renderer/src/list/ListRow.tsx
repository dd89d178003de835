import { memo } from 'react';
import { fileName, folderOf } from '../../../shared/contract/ids.ts';
import { BadgeList, useBadges } from '../grid/Badges.tsx';
import { selectModeOf } from '../grid/selectMode.ts';
import { Thumb } from '../grid/Thumb.tsx';
import { useStore } from '../store/index.ts';
import { CaptionText } from './CaptionText.tsx';

interface Props {
  id: string;
  index: number;
  count: number;
  /** Thumbnail box in CSS px, and the thumbnail size to request (bucketed, device pixels). */
  thumb: number;
  thumbPx: number;
  /** Offset from the top of the list (the virtualizer's). */
  start: number;
  /** The virtualizer's measuring ref: the row's real height decides where the next one starts. */
  measure: (el: HTMLDivElement | null) => void;
  /** Rendered ahead of the scroll, out of view: its thumbnail loads after the ones in view. */
  overscan: boolean;
}

/** One image in the list view: an option named by its file name, its whole caption beside the thumbnail. */
export const ListRow = memo(function ListRow({ id, index, count, thumb, thumbPx, start, measure, overscan }: Props) {
  const selected = useStore((s) => s.selected.has(id));
  const focused = useStore((s) => s.focused === id);
  const select = useStore((s) => s.select);
  const badges = useBadges(id);
  const folder = folderOf(id);
  const classes = ['list-row', selected && 'is-selected', focused && 'is-focused'].filter(Boolean).join(' ');
  return (
    <div
      ref={measure}
      data-index={index}
      role="option"
      id={`list-opt-${index}`}
      className={classes}
      style={{ transform: `translateY(${start}px)` }}
      aria-label={fileName(id)}
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-describedby={`list-badges-${index} list-cap-${index}`}
      title={id}
      onClick={(e) => select(id, selectModeOf(e))}
    >
      <div className="list-thumb grid-thumb" style={{ width: thumb, height: thumb }}>
        <Thumb id={id} px={thumbPx} overscan={overscan} />
      </div>
      <div className="list-body">
        <div className="list-head">
          <span className="list-name">
            {fileName(id)}
            {folder && <span className="grid-folder"> · {folder}</span>}
          </span>
          <BadgeList badges={badges} id={`list-badges-${index}`} className="list-badges" />
        </div>
        <CaptionText imageId={id} id={`list-cap-${index}`} className="list-caption" />
      </div>
    </div>
  );
});
