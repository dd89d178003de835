import type { KeyboardEvent } from 'react';
import { useStore } from '../store/index.ts';
import { browseKeyOf } from './keys.ts';
import { navigate } from './layout.ts';

/**
 * The keydown handler of the grid and the list (widget keys only: arrows, Ctrl+PageUp/Down, Home/End,
 * Space, Escape). Enter, T and plain PageUp/PageDown are left to the global handler, which reads
 * `data-keyscope="grid"`. `pageRows(row, dir)` says how many rows one screen is from the cursor's row.
 */
export function browseKeyDown(layout: 'grid' | 'rows', columns: number, pageRows: (row: number, dir: 1 | -1) => number) {
  return (e: KeyboardEvent<HTMLElement>) => {
    const key = browseKeyOf(e, layout);
    if (!key) return;
    // Read at the key press: the handler needs the state of this instant, not a render's subscription.
    const s = useStore.getState();
    if (key.kind === 'clear') {
      s.clearSelection();
      return;
    }
    if (key.kind === 'toggle') {
      if (s.focused === null) return;
      e.preventDefault();
      s.select(s.focused, 'toggle');
      return;
    }
    e.preventDefault();
    const index = s.focused === null ? -1 : s.filtered.indexOf(s.focused);
    const row = Math.max(0, Math.floor(index / columns));
    const rows = key.move === 'pageUp' ? pageRows(row, -1) : key.move === 'pageDown' ? pageRows(row, 1) : 1;
    const target = s.filtered[navigate(key.move, index, s.filtered.length, columns, rows)];
    if (target !== undefined) s.moveFocus(target, key.extend);
  };
}
