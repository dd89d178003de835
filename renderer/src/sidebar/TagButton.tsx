import { memo } from 'react';

interface Props {
  tag: string;
  count: number;
  /** Share of all images that have the tag, 0..1 (drawn as a bar). */
  share: number;
  state: 'include' | 'exclude' | null;
  trigger?: boolean;
  onPick(tag: string, exclude: boolean): void;
}

/** A tag in the sidebar: named by its text; click filters by it, shift-click excludes it. */
export const TagButton = memo(function TagButton({ tag, count, share, state, trigger, onPick }: Props) {
  const classes = ['tag-row', trigger && 'is-trigger', state && `is-${state}`].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      className={classes}
      aria-label={tag}
      aria-pressed={state === 'include'}
      title={`${tag}: ${count} ${count === 1 ? 'image' : 'images'}${state === 'exclude' ? ' (excluded)' : ''}. Click to filter, Shift+click to exclude.`}
      onClick={(e) => onPick(tag, e.shiftKey)}
    >
      <span className="tag-bar" style={{ width: `${Math.round(share * 100)}%` }} />
      <span className="tag-name">{tag}</span>
      <span className="tag-count">{count}</span>
    </button>
  );
});
