import { closestCenter, DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent, type DragOverEvent, type DragStartEvent } from '@dnd-kit/core';
import { SortableContext } from '@dnd-kit/sortable';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import { useStore } from '../store/index.ts';
import { chipStepper } from './chipKeyboard.ts';
import { chipItems, dropSide, hasDuplicates, moveChip, removeChip, tagsOf, type ChipItem } from './chipModel.ts';
import TagChip from './TagChip.tsx';

interface Props {
  tags: readonly string[];
  triggers: ReadonlySet<string>;
  disabled: boolean;
  /** A reorder or removal: the new tag list and what it did, for the journal. */
  onChange(tags: string[], label: string): void;
  onRename(from: string, to: string): void;
  onDedupe(): void;
  /** The list emptied under the keyboard: focus goes on to "Add tag". */
  onEmptied(): void;
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
  draggable: 'Arrow keys move between tags. Space picks a tag up, arrow keys move it one place, Space drops it, Escape cancels. Alt+Arrow moves it by one place; F2 renames; Delete removes it.',
};

// Chips stay where they are during a drag; only the drop line and the overlay move.
const noShift = () => null;

/**
 * Line 1's tags as chips, one tab stop for the whole list (arrow keys move between chips). Every
 * change is one save and one undo step.
 */
export default function TagChipList({ tags, triggers, disabled, onChange, onRename, onDedupe, onEmptied }: Props) {
  const items = useMemo(() => chipItems(tags, triggers), [tags, triggers]);
  const order = useRef<readonly string[]>([]);
  order.current = items.map((i) => i.id);
  const [stepper] = useState(() => chipStepper(() => order.current));
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still focuses the chip.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: stepper.coordinateGetter,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const listRef = useRef<HTMLUListElement>(null);
  const [cursor, setCursor] = useState(0);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; over: number } | null>(null);
  const flash = useStore((s) => s.chipFlash);
  const [flashing, setFlashing] = useState<string | null>(null);
  // After a keyboard removal or nudge the list re-renders; focus follows to the chip at this index.
  const focusAfter = useRef<number | null>(null);
  const tabStop = Math.min(cursor, Math.max(0, items.length - 1));

  const focusChip = (index: number) => listRef.current?.querySelectorAll<HTMLElement>('[data-chip]')[index]?.focus();
  useFocusRequest('chips', listRef, () => focusChip(tabStop));

  useEffect(() => {
    const index = focusAfter.current;
    if (index === null) return;
    focusAfter.current = null;
    if (items.length === 0) onEmptied();
    else focusChip(Math.min(index, items.length - 1));
  }, [items, onEmptied]);

  // Adding a tag the caption already has: its chip flashes and scrolls into view.
  useEffect(() => {
    if (!flash) return;
    setFlashing(flash.tag);
    const index = order.current.findIndex((id) => tagOfId(id) === flash.tag);
    listRef.current?.querySelectorAll<HTMLElement>('[data-chip]')[index]?.scrollIntoView({ block: 'nearest' });
    const t = setTimeout(() => setFlashing(null), 1200);
    return () => clearTimeout(t);
  }, [flash]);

  const commit = (next: ChipItem[], label: string, focusIndex: number | null) => {
    focusAfter.current = focusIndex;
    if (focusIndex !== null) setCursor(focusIndex);
    onChange(tagsOf(next), label);
  };

  const indexOf = (id: string | number) => items.findIndex((i) => i.id === id);
  // The stepper is cleared when a drag ends, not when one starts: dnd-kit reports the start a render
  // after activation, and an arrow pressed in between would otherwise be forgotten.
  const onDragStart = ({ active }: DragStartEvent) => setDrag({ from: indexOf(active.id), over: indexOf(active.id) });
  const onDragOver = ({ over }: DragOverEvent) => setDrag((d) => (d && over ? { ...d, over: indexOf(over.id) } : d));
  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    setDrag(null);
    const from = indexOf(active.id);
    const to = activatorEvent instanceof KeyboardEvent ? (stepper.target() ?? from) : over ? indexOf(over.id) : from;
    stepper.reset();
    if (from >= 0 && to >= 0 && to !== from) commit(moveChip(items, from, to), `move ${items[from]!.tag}`, to);
  };

  const moveFocus = (index: number, key: string) => {
    const last = items.length - 1;
    const next = key === 'Home' ? 0 : key === 'End' ? last : Math.max(0, Math.min(last, index + (key === 'ArrowLeft' ? -1 : 1)));
    setCursor(next);
    focusChip(next);
  };

  if (items.length === 0) return <p className="ts-muted ts-chips-empty">No tags yet.</p>;
  const dragged = drag ? items[drag.from] : undefined;
  return (
    <div className="ts-chips-wrap">
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          stepper.reset();
          setDrag(null);
        }}
        accessibility={{ announcements, screenReaderInstructions: instructions }}
      >
        <SortableContext items={items.map((i) => i.id)} strategy={noShift}>
          <ul ref={listRef} className="ts-chips" aria-label="Caption tags" data-keyscope="chips">
            {items.map((item, index) => (
              <TagChip
                key={item.id}
                dndId={item.id}
                tag={item.tag}
                pinned={item.pinned}
                duplicate={item.duplicate}
                disabled={disabled}
                tabStop={index === tabStop}
                dropSide={drag && drag.over === index ? dropSide(drag.from, index) : null}
                flashing={flashing === item.tag}
                renaming={renaming === index}
                onFocus={() => setCursor(index)}
                onRemove={() => commit(removeChip(items, index), `remove ${item.tag}`, index)}
                onNudge={(delta) => {
                  const next = moveChip(items, index, index + delta);
                  const at = next.indexOf(item);
                  if (at !== index) commit(next, `move ${item.tag}`, at);
                }}
                onStartRename={() => setRenaming(index)}
                onRename={(text) => {
                  setRenaming(null);
                  focusAfter.current = index;
                  if (text !== null && text.trim() !== '' && text.trim() !== item.tag) onRename(item.tag, text);
                  else setTimeout(() => focusChip(index), 0);
                }}
                onMoveFocus={(key) => moveFocus(index, key)}
              />
            ))}
          </ul>
        </SortableContext>
        <DragOverlay dropAnimation={null}>{dragged ? <span className="ts-chip ts-chip-overlay">{dragged.tag}</span> : null}</DragOverlay>
      </DndContext>
      {hasDuplicates(items) && (
        <p className="ts-dup-note" id="ts-dup-note">
          Repeated tags are marked: trainers read them twice.{' '}
          <button type="button" className="ts-link-button" disabled={disabled} onClick={onDedupe}>
            Remove duplicates
          </button>
        </p>
      )}
    </div>
  );
}
