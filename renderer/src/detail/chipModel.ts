/**
 * Chip bookkeeping for line 1, kept pure so the rules are testable without a DOM. Trigger words are
 * shown first and stay there; the other tags keep their order. Every tag occurrence gets an id that
 * survives reordering (`tag` + occurrence number), which dnd-kit needs to animate the right chip.
 */
export interface ChipItem {
  readonly id: string;
  readonly tag: string;
  readonly pinned: boolean;
  /** A later occurrence of a tag the caption already has (trainers see it twice). */
  readonly duplicate: boolean;
}

export function chipItems(tags: readonly string[], triggers: ReadonlySet<string>): ChipItem[] {
  const seen = new Map<string, number>();
  const pinned: ChipItem[] = [];
  const rest: ChipItem[] = [];
  for (const tag of tags) {
    const n = seen.get(tag) ?? 0;
    seen.set(tag, n + 1);
    const item = { id: `${n}\u0000${tag}`, tag, pinned: triggers.has(tag), duplicate: n > 0 };
    (item.pinned ? pinned : rest).push(item);
  }
  return pinned.concat(rest);
}

/** Whether any tag appears twice. */
export const hasDuplicates = (items: readonly ChipItem[]): boolean => items.some((i) => i.duplicate);

/** Where a chip dragged from `from` lands when dropped on `to`: before it moving left, after it moving right. */
export const dropSide = (from: number, to: number): 'before' | 'after' | null => (from === to || from < 0 || to < 0 ? null : from > to ? 'before' : 'after');

export const tagsOf = (items: readonly ChipItem[]): string[] => items.map((i) => i.tag);

/** Moves the chip at `from` to `to`, never across the pinned trigger words at the front. */
export function moveChip(items: readonly ChipItem[], from: number, to: number): ChipItem[] {
  const firstFree = items.findIndex((i) => !i.pinned);
  const item = items[from];
  if (!item || item.pinned || firstFree < 0) return [...items];
  const target = Math.max(firstFree, Math.min(items.length - 1, to));
  const out = items.slice();
  out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}

export function removeChip(items: readonly ChipItem[], index: number): ChipItem[] {
  return items.filter((_, i) => i !== index);
}
