import { memo, useState, type MouseEvent } from 'react';
import { useStore } from '../store/index.ts';
import type { SelectMode } from '../store/types.ts';
import { badgesFor, fileName, firstLineOf, folderOf } from './badges.ts';
import { lintMarksOf } from '../store/lint.ts';

interface Props {
  id: string;
  index: number;
  count: number;
  width: number;
  /** Requested thumbnail size in device pixels (already bucketed so the cache is shared). */
  thumbPx: number;
}

const modeOf = (e: MouseEvent): SelectMode => (e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'replace');

/** One image: an option named by its file name, described by its badges and caption preview. */
export const GridItem = memo(function GridItem({ id, index, count, width, thumbPx }: Props) {
  const image = useStore((s) => s.images[id]);
  const draft = useStore((s) => s.drafts[id]);
  const selected = useStore((s) => s.selected.has(id));
  const focused = useStore((s) => s.focused === id);
  const working = useStore((s) => s.jobActive.has(id));
  const failure = useStore((s) => s.jobFailures.get(id));
  // Marks belong to the dataset the report was made for (Electron can open another folder).
  const lint = useStore((s) => lintMarksOf(s).get(id));
  const transport = useStore((s) => s.transport);
  const select = useStore((s) => s.select);
  const [broken, setBroken] = useState(false);

  const text = draft ? draft.text : (image?.caption ?? null);
  const preview = text === null ? '' : firstLineOf(text).trim();
  const badges = badgesFor(image, draft, { working, failure }, lint);
  const folder = folderOf(id);
  const classes = ['grid-item', selected && 'is-selected', focused && 'is-focused'].filter(Boolean).join(' ');

  return (
    <div
      role="option"
      id={`grid-opt-${index}`}
      className={classes}
      style={{ width }}
      aria-label={fileName(id)}
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-describedby={`grid-badges-${index} grid-cap-${index}`}
      title={id}
      onClick={(e) => select(id, modeOf(e))}
    >
      <div className="grid-thumb" style={{ height: width }}>
        {transport && !broken ? (
          <img src={transport.thumbnailUrl(id, thumbPx)} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setBroken(true)} />
        ) : (
          <span className="grid-thumb-missing">{broken ? 'No preview' : ''}</span>
        )}
        <span className="grid-badges" id={`grid-badges-${index}`}>
          {badges.map((b) => (
            <span key={b.kind} className={b.severity ? `badge badge-${b.kind} is-${b.severity}` : `badge badge-${b.kind}`} title={b.detail}>
              {b.text}
            </span>
          ))}
        </span>
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
        <span className={preview ? 'grid-caption' : 'grid-caption is-empty'} id={`grid-cap-${index}`}>
          {preview || 'No caption'}
        </span>
      </div>
    </div>
  );
});
