import type { BatchTarget } from '../../../shared/contract/index.ts';

/*
 * Which images a job reads. A re-caption of one image is fixed to it; otherwise the selection, the
 * filter result or everything, counted from the store as the user sees them.
 */

export type Scope = 'selected' | 'filtered' | 'all';

export interface ScopeView {
  selected: readonly string[];
  /** The filter query, trimmed ('' when no filter is set). */
  query: string;
  /** The ids the grid shows, when a lint filter narrows them (a query alone cannot say which). */
  idFiltered?: readonly string[] | null;
}

/** Like the batch panel: a multi-selection is what the user most likely means, else everything. */
export const defaultScope = (selectedCount: number): Scope => (selectedCount > 1 ? 'selected' : 'all');

export function targetOf(scope: Scope, view: ScopeView, imageId: string | null): BatchTarget {
  if (imageId !== null) return { kind: 'ids', ids: [imageId] };
  if (scope === 'selected') return { kind: 'ids', ids: [...view.selected] };
  if (scope === 'filtered' && view.idFiltered) return { kind: 'ids', ids: [...view.idFiltered] };
  if (scope === 'filtered' && view.query !== '') return { kind: 'filter', query: view.query };
  return { kind: 'all' };
}
