import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { KeyboardEvent } from 'react';

interface Props {
  /** dnd-kit id, unique even when a tag repeats. */
  dndId: string;
  tag: string;
  pinned: boolean;
  disabled: boolean;
  onRemove(): void;
  /** Alt+ArrowLeft / Alt+ArrowRight: move by one place without starting a drag. */
  onNudge(delta: -1 | 1): void;
}

/**
 * One tag of line 1. The handle carries dnd-kit's listeners (pointer drag, Space/Enter keyboard drag)
 * and is named by the tag text alone; the remove button is its sibling, never nested, so neither
 * control swallows the other's name. Trigger words are pinned: not draggable, not nudgeable.
 */
export default function TagChip({ dndId, tag, pinned, disabled, onRemove, onNudge }: Props) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: dndId, disabled: pinned || disabled });
  const style = { transform: CSS.Translate.toString(transform), transition };

  const onKeyDown = (e: KeyboardEvent<HTMLSpanElement>) => {
    if (!disabled && (e.key === 'Backspace' || e.key === 'Delete')) {
      e.preventDefault();
      onRemove();
      return;
    }
    if (!pinned && !disabled && e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      onNudge(e.key === 'ArrowLeft' ? -1 : 1);
      return;
    }
    listeners?.onKeyDown?.(e);
  };

  const className = ['ts-chip', pinned ? 'ts-chip-trigger' : '', isDragging ? 'ts-chip-dragging' : ''].filter(Boolean).join(' ');
  return (
    <li ref={setNodeRef} style={style} className={className}>
      <span
        {...attributes}
        {...listeners}
        onKeyDown={onKeyDown}
        // Pinned chips are not sortable but must stay focusable, for Backspace.
        tabIndex={0}
        role="button"
        // dnd-kit marks a non-sortable item disabled; a pinned chip is still removable, so it is not.
        aria-disabled={disabled || undefined}
        aria-roledescription={pinned ? 'trigger word' : 'sortable tag'}
        className="ts-chip-label"
        data-chip=""
        aria-keyshortcuts={pinned ? "Delete" : "Delete Alt+ArrowLeft Alt+ArrowRight"}
        title={pinned ? 'Trigger word: always first' : undefined}
      >
        {tag}
      </span>
      {!disabled && (
        <button type="button" className="ts-chip-remove" aria-label={`Remove ${tag}`} onClick={onRemove} tabIndex={-1}>
          ×
        </button>
      )}
    </li>
  );
}
