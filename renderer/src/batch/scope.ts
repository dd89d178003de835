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

/** How many images the scope covers, as the grid shows them. */
export function scopeCount(scope: Scope, s: ScopeState): number {
  if (scope === 'selected') return s.selected.size;
  return scope === 'filtered' && (s.idFilter || s.query.trim() !== '') ? s.filtered.length : s.order.length;
}

/** A multi-selection is what the user most likely means, else everything. */
export const defaultScope = (selectedCount: number): Scope => (selectedCount > 1 ? 'selected' : 'all');

export function targetOf(scope: Scope, view: ScopeView, imageId: string | null): BatchTarget {
  if (imageId !== null) return { kind: 'ids', ids: [imageId] };
  if (scope === 'selected') return { kind: 'ids', ids: [...view.selected] };
  if (scope === 'filtered' && view.idFiltered) return { kind: 'ids', ids: [...view.idFiltered] };
  if (scope === 'filtered' && view.query !== '') return { kind: 'filter', query: view.query };
  return { kind: 'all' };
}
