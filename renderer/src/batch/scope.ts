import type { BatchTarget } from '../../../shared/contract/index.ts';

/*
 * Which images a batch edit or an auto-caption job reads: the selection, the filter result or
 * everything, as the user sees them in the grid (a re-caption is fixed to its one image).
 */

export type Scope = 'selected' | 'filtered' | 'all';

export interface ScopeView {
  selected: readonly string[];
  /** The filter query, trimmed ('' when no filter is set). */
  query: string;
  /** The ids the grid shows, when a lint filter narrows them (a query alone cannot say which). */
  idFiltered?: readonly string[] | null;
}

/** The parts of the store a scope reads. */
export interface ScopeState {
  selected: ReadonlySet<string>;
  query: string;
  idFilter: unknown;
  filtered: readonly string[];
  order: readonly string[];
}

export const scopeView = (s: ScopeState): ScopeView => ({
  selected: [...s.selected],
  query: s.query.trim(),
  idFiltered: s.idFilter ? s.filtered : null,
});

/** The images the scope covers, as the grid shows them. */
export function scopeIds(scope: Scope, s: ScopeState): readonly string[] {
  if (scope === 'selected') return [...s.selected];
  return scope === 'filtered' && (s.idFilter || s.query.trim() !== '') ? s.filtered : s.order;
}

/** How many images the scope covers, as the grid shows them. */
export const scopeCount = (scope: Scope, s: ScopeState): number => (scope === 'selected' ? s.selected.size : scopeIds(scope, s).length);

/** A multi-selection is what the user most likely means, else everything. */
export const defaultScope = (selectedCount: number): Scope => (selectedCount > 1 ? 'selected' : 'all');

/**
 * The one scope rule of every dataset-wide action: the selection if there is one (two or more
 * images: one is only where the cursor is), else the filter if one is set, else all. Never all
 * silently: the panel states which, with its count.
 */
export function ruleScope(s: ScopeState): Scope {
  if (s.selected.size > 1) return 'selected';
  return s.idFilter || s.query.trim() !== '' ? 'filtered' : 'all';
}

/** The shown ids as a set, built once per filter result (the header asks on every store change). */
const shownSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function shownSet(filtered: readonly string[]): ReadonlySet<string> {
  let set = shownSets.get(filtered);
  if (!set) shownSets.set(filtered, (set = new Set(filtered)));
  return set;
}

/** Selected images the current filter hides: an edit of the selection would touch them unseen. */
export function hiddenSelected(s: Pick<ScopeState, 'selected' | 'filtered'>): string[] {
  if (s.selected.size === 0) return [];
  const shown = shownSet(s.filtered);
  return [...s.selected].filter((id) => !shown.has(id));
}

export function targetOf(scope: Scope, view: ScopeView, imageId: string | null): BatchTarget {
  if (imageId !== null) return { kind: 'ids', ids: [imageId] };
  if (scope === 'selected') return { kind: 'ids', ids: [...view.selected] };
  if (scope === 'filtered' && view.idFiltered) return { kind: 'ids', ids: [...view.idFiltered] };
  if (scope === 'filtered' && view.query !== '') return { kind: 'filter', query: view.query };
  return { kind: 'all' };
}
