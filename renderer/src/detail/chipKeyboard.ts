import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

const STEP: Record<string, 1 | -1> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export interface ChipStepper {
  coordinateGetter: KeyboardCoordinateGetter;
  /** Call when a drag ends or is cancelled: the next drag's steps count from its own chip. */
  reset(): void;
  /**
   * Where the arrow presses of this drag have led (null: none yet). The drop uses this, not dnd-kit's
   * `over`, which is computed a render later and misses a press made just before the drop.
   */
  target(): number | null;
}

/**
 * Keyboard dragging of chips: each arrow press moves the drop target exactly one chip along the tag
 * order. dnd-kit's own getter picks the nearest chip by geometry, which skips several chips when
 * they differ in width or wrap onto another line; and the drop target it reports lags a render
 * behind, so two quick presses would count as one. The place is therefore counted here, per press,
 * and the dragged chip's rectangle is centred on the target chip, so the centre-distance collision
 * picks that chip and no other.
 */
export function chipStepper(order: () => readonly string[]): ChipStepper {
  let at: number | null = null;
  return {
    reset: () => {
      at = null;
    },
    target: () => at,
    coordinateGetter: (event, { active, context }) => {
      const step = STEP[event.code];
      if (step === undefined) return undefined;
      event.preventDefault();
      const { collisionRect, droppableRects, droppableContainers } = context;
      if (!collisionRect) return undefined;
      const ids = order();
      const from = at ?? ids.indexOf(String(active));
      // Pinned chips (trigger words) are no drop targets: skip to the next chip that is.
      for (let to = from + step; to >= 0 && to < ids.length; to += step) {
        const id = ids[to]!;
        const container = droppableContainers.get(id);
        const rect = droppableRects.get(id);
        if (!container || container.disabled || !rect) continue;
        at = to;
        return { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: rect.top + rect.height / 2 - collisionRect.height / 2 };
      }
      return undefined;
    },
  };
}
