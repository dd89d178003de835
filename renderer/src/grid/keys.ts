import { getWidgetKey } from '../actions/registry.ts';
import type { KeyboardLike } from '../actions/types.ts';
import type { NavMove } from './layout.ts';

/** What a key does in the grid or the list; anything else (Enter, plain PageDown, T...) is the global handler's. */
export type BrowseKey = { kind: 'move'; move: NavMove; extend: boolean } | { kind: 'toggle' } | { kind: 'clear' };

const ARROWS: Readonly<Record<string, NavMove>> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/**
 * Reads a key press with the widget keys of actions/registry.ts, so the bindings the help shows are
 * the ones that act. `rows`: the list, where left and right have no neighbour to go to.
 */
export function browseKeyOf(e: KeyboardLike, layout: 'grid' | 'rows'): BrowseKey | null {
  if (getWidgetKey('gridMove').test(e)) {
    const move = ARROWS[e.key]!;
    if (layout === 'rows' && (move === 'left' || move === 'right')) return null;
    return { kind: 'move', move, extend: e.shiftKey };
  }
  if (getWidgetKey('gridPage').test(e)) return { kind: 'move', move: e.key === 'PageUp' ? 'pageUp' : 'pageDown', extend: e.shiftKey };
  if (getWidgetKey('gridEnds').test(e)) return { kind: 'move', move: e.key === 'Home' ? 'home' : 'end', extend: e.shiftKey };
  if (getWidgetKey('gridToggle').test(e)) return { kind: 'toggle' };
  if (getWidgetKey('gridClear').test(e)) return { kind: 'clear' };
  return null;
}
