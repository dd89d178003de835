import { memo, useId, useRef, type MouseEvent } from 'react';
import { getWidgetKey } from '../actions/registry.ts';
import { countText, countWords, type TagRow } from './tag-list.ts';

/** What opening a tag's menu needs: the row, the element to give focus back to, and where. */
export interface MenuRequest {
  row: TagRow;
  trigger: boolean;
  anchor: HTMLElement;
  /** The pointer position; null: opened from the keyboard (the menu goes under the tag). */
  at: { x: number; y: number } | null;
}

interface Props {
  row: TagRow;
  /** A filter narrows the view: counts read `in view / total`. */
  narrowed: boolean;
  /** Share of the images in view that have the tag, 0..1 (drawn as a bar). */
  share: number;
  state: 'include' | 'exclude' | null;
  trigger?: boolean;
  onPick(tag: string, exclude: boolean): void;
  onMenu(request: MenuRequest): void;
  onUnify(row: TagRow): void;
}

/**
 * A tag in the sidebar. The button is named by the tag's text alone (click filters by it, shift-click
 * excludes it); its count is its description. Right-click, the Menu key or Shift+F10 open its menu.
 * A tag present under several spellings carries a marker that unifies them in one click.
 */
export const TagButton = memo(function TagButton({ row, narrowed, share, state, trigger = false, onPick, onMenu, onUnify }: Props) {
  const pickRef = useRef<HTMLButtonElement>(null);
  const countId = useId();
  const { tag, spellings } = row;
  const variants = spellings.length;
  const classes = ['tag-row', trigger && 'is-trigger', state && `is-${state}`, narrowed && row.inView === 0 && 'is-out'].filter(Boolean).join(' ');
  const words = countWords(row, narrowed);
  const spelled = variants > 1 ? ` Spelled ${spellings.map((s) => `${s.tag} (${s.count})`).join(', ')}.` : '';

  const openAt = (e: MouseEvent) => {
    e.preventDefault();
    if (!pickRef.current) return;
    // A keyboard-made contextmenu event has no pointer position: the menu goes under the tag.
    const fromKeys = e.clientX === 0 && e.clientY === 0;
    onMenu({ row, trigger, anchor: pickRef.current, at: fromKeys ? null : { x: e.clientX, y: e.clientY } });
  };

  return (
    <div className={classes} onContextMenu={openAt}>
      <span className="tag-bar" style={{ width: `${Math.round(share * 100)}%` }} />
      <button
        ref={pickRef}
        type="button"
        className="tag-pick"
        aria-pressed={state === 'include'}
        aria-describedby={countId}
        title={`${tag}: ${words}${state === 'exclude' ? ' (excluded)' : ''}.${spelled} Click to filter, Shift+click to exclude, right-click or Shift+F10 for more.`}
        onClick={(e) => onPick(tag, e.shiftKey)}
        onKeyDown={(e) => {
          if (!getWidgetKey('tagMenu').test(e)) return;
          e.preventDefault();
          onMenu({ row, trigger, anchor: e.currentTarget, at: null });
        }}
      >
        <span className="tag-name">{tag}</span>
      </button>
      {variants > 1 && (
        <button
          type="button"
          className="tag-variants"
          aria-label={`${variants}× (${variants} spellings): Unify spellings as ${tag}`}
          title={`${spelled.trim()} Click to unify them as “${tag}” (opens the batch panel with a preview).`}
          onClick={() => onUnify(row)}
        >
          {variants}×
        </button>
      )}
      <span className="tag-count" aria-hidden="true">
        {countText(row, narrowed)}
      </span>
      <span id={countId} className="visually-hidden">
        {words}
        {variants > 1 ? `, ${variants} spellings` : ''}
      </span>
    </div>
  );
});
