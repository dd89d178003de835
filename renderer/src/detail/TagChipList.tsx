import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, rectSortingStrategy, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useEffect, useMemo, useRef } from 'react';
import { chipItems, moveChip, removeChip, tagsOf, type ChipItem } from './chipModel.ts';
import TagChip from './TagChip.tsx';

interface Props {
  tags: readonly string[];
  triggers: ReadonlySet<string>;
  disabled: boolean;
  onChange(tags: string[]): void;
}

const tagOfId = (id: string | number): string => String(id).slice(String(id).indexOf('\u0000') + 1);

// dnd-kit's default announcements read out internal ids; these say the tag instead.
const announcements: Announcements = {
  onDragStart: ({ active }) => `Picked up ${tagOfId(active.id)}.`,
  onDragOver: ({ active, over }) => (over ? `${tagOfId(active.id)} is over ${tagOfId(over.id)}.` : `${tagOfId(active.id)} is not over a tag.`),
  onDragEnd: ({ active, over }) => (over ? `${tagOfId(active.id)} dropped at ${tagOfId(over.id)}.` : `${tagOfId(active.id)} dropped.`),
  onDragCancel: ({ active }) => `Moving ${tagOfId(active.id)} was cancelled.`,
};

const instructions = {
  draggable: 'Press Space to pick up the tag, arrow keys to move it, Space to drop, Escape to cancel. Alt+Arrow moves it by one place; Backspace removes it.',
};

/** Line 1's tags as chips: drag or keyboard to reorder, Backspace or × to remove. */
export default function TagChipList({ tags, triggers, disabled, onChange }: Props) {
  const items = useMemo(() => chipItems(tags, triggers), [tags, triggers]);
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still focuses the chip.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const listRef = useRef<HTMLUListElement>(null);
  // After a keyboard removal or nudge the chip list re-renders; focus follows to the chip at this index.
  const focusAfter = useRef<number | null>(null);

  useEffect(() => {
    const index = focusAfter.current;
    if (index === null) return;
    focusAfter.current = null;
    const chips = listRef.current?.querySelectorAll<HTMLElement>('[data-chip]');
    if (chips && chips.length > 0) chips[Math.min(index, chips.length - 1)]?.focus();
  }, [items]);

  const commit = (next: ChipItem[], focusIndex: number | null) => {
    focusAfter.current = focusIndex;
    onChange(tagsOf(next));
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (from >= 0 && to >= 0) commit(moveChip(items, from, to), null);
  };

  if (items.length === 0) return <p className="ts-muted">No tags yet.</p>;
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: instructions }}>
      <SortableContext items={items.map((i) => i.id)} strategy={rectSortingStrategy}>
        <ul ref={listRef} className="ts-chips" aria-label="Caption tags">
          {items.map((item, index) => (
            <TagChip
              key={item.id}
              dndId={item.id}
              tag={item.tag}
              pinned={item.pinned}
              disabled={disabled}
              onRemove={() => commit(removeChip(items, index), index)}
              onNudge={(delta) => {
                const next = moveChip(items, index, index + delta);
                commit(next, next.indexOf(item));
              }}
            />
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  );
}
