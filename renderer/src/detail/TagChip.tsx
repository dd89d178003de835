import { useSortable } from '@dnd-kit/sortable';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { getWidgetKey } from '../actions/registry.ts';
import { useTagMenu } from '../tagreview/TagMenu.tsx';

interface Props {
  /** dnd-kit id, unique even when a tag repeats. */
  dndId: string;
  tag: string;
  pinned: boolean;
  duplicate: boolean;
  disabled: boolean;
  /** The one chip of the list that Tab reaches (roving tab stop). */
  tabStop: boolean;
  /** Where the dragged chip would land, shown as a line on this chip's edge. */
  dropSide: 'before' | 'after' | null;
  flashing: boolean;
  renaming: boolean;
  onFocus(): void;
  onRemove(): void;
  onNudge(delta: -1 | 1): void;
  onStartRename(): void;
  /** null: cancelled. */
  onRename(text: string | null): void;
  /** ← → Home End: focus another chip. */
  onMoveFocus(key: string): void;
}

/**
 * One tag of line 1. The label carries dnd-kit's listeners (pointer drag, Space to pick up) and is
 * named by the tag text alone; the remove button is its sibling, never nested. Chips do not move
 * while another is dragged (the drop line shows where it lands), so none ever overlaps another.
 * Trigger words are pinned: not draggable, not nudgeable, not renamed here.
 */
export default function TagChip(props: Props) {
  const { dndId, tag, pinned, duplicate, disabled, tabStop, dropSide, flashing, renaming } = props;
  const { attributes, listeners, setNodeRef, isDragging } = useSortable({ id: dndId, disabled: pinned || disabled });
  // Right-click, Shift+F10 or the ContextMenu key: "Review tag…" (the tag review grid).
  const menu = useTagMenu(tag);

  const onKeyDown = (e: KeyboardEvent<HTMLSpanElement>) => {
    if (!isDragging && menu.onKeyDown(e)) return;
    // While this chip is being dragged with the keyboard, dnd-kit's sensor owns every key.
    if (disabled || isDragging) return;
    const key = (id: Parameters<typeof getWidgetKey>[0]) => getWidgetKey(id).test(e);
    if (key('chipRemove')) {
      e.preventDefault();
      props.onRemove();
    } else if (key('chipRename')) {
      e.preventDefault();
      if (!pinned) props.onStartRename();
    } else if (key('chipNudgeLeft') || key('chipNudgeRight')) {
      e.preventDefault();
      if (!pinned) props.onNudge(e.key === 'ArrowLeft' ? -1 : 1);
    } else if (key('chipMove')) {
      e.preventDefault();
      props.onMoveFocus(e.key);
    } else {
      listeners?.onKeyDown?.(e);
    }
  };

  const className = [
    'ts-chip',
    pinned && 'ts-chip-trigger',
    duplicate && 'ts-chip-dup',
    isDragging && 'ts-chip-dragging',
    dropSide && `ts-chip-drop-${dropSide}`,
    flashing && 'ts-chip-flash',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li ref={setNodeRef} className={className}>
      {renaming ? (
        <RenameInput tag={tag} onDone={props.onRename} />
      ) : (
        <span
          {...attributes}
          {...listeners}
          onKeyDown={onKeyDown}
          onContextMenu={menu.onContextMenu}
          onFocus={props.onFocus}
          onDoubleClick={() => !pinned && !disabled && props.onStartRename()}
          tabIndex={tabStop ? 0 : -1}
          role="button"
          // dnd-kit marks a non-sortable item disabled; a pinned chip is still removable, so it is not.
          aria-disabled={disabled || undefined}
          aria-roledescription={pinned ? 'trigger word' : 'sortable tag'}
          aria-describedby={duplicate ? 'ts-dup-note' : undefined}
          className="ts-chip-label"
          data-chip=""
          aria-keyshortcuts={pinned ? 'Delete Shift+F10' : 'Delete F2 Alt+ArrowLeft Alt+ArrowRight Shift+F10'}
          title={pinned ? 'Trigger word: always first' : duplicate ? 'Repeated tag: trainers read it twice' : 'Drag, or Alt+←/→, to move; F2 or double-click to rename'}
        >
          {tag}
        </span>
      )}
      {!disabled && !renaming && (
        <button type="button" className="ts-chip-remove" aria-label={`Remove ${tag}`} onClick={props.onRemove} tabIndex={-1}>
          ×
        </button>
      )}
      {menu.menu}
    </li>
  );
}

/** In-place rename: Enter (or leaving the field) commits, Escape cancels. */
function RenameInput({ tag, onDone }: { tag: string; onDone(text: string | null): void }) {
  const [text, setText] = useState(tag);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(value);
  };
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      className="ts-chip-rename"
      aria-label={`Rename ${tag}`}
      value={text}
      size={Math.max(4, text.length + 1)}
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(text);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(null);
        }
      }}
      onBlur={() => finish(text)}
    />
  );
}
