import { PATTERN_ENGINE_LOADING } from '../pattern-engine.ts';
import { compileCached, filterIds, isMatchAll, type QueryFacts } from './derive.ts';
import type { IdFilter, SliceCreator, Store, ViewSlice } from './types.ts';

// One Set per id list: the grid refilters on every caption change, the id list rarely changes.
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** `ids` narrowed to the id filter, order kept; the same array when there is no id filter. */
export function applyIdFilter(ids: readonly string[], idFilter: IdFilter | null): string[] {
  if (!idFilter) return ids as string[];
  let set = idSets.get(idFilter.ids);
  if (!set) idSets.set(idFilter.ids, (set = new Set(idFilter.ids)));
  const keep = set;
  return ids.filter((id) => keep.has(id));
}

/** Ids matching a valid query (null: the query does not compile). */
function queryResult(query: string, order: readonly string[], facts: QueryFacts, triggerWords: readonly string[]): string[] | null {
  if (isMatchAll(query)) return order as string[];
  const compiled = compileCached(query, triggerWords);
  return compiled.ok ? filterIds(order, facts, compiled.value) : null;
}

/**
 * The filter result for a new set of images. While the query is invalid the last valid result stays
 * (minus images that are gone): the user is mid-edit, and an emptied grid would be a jarring flash.
 */
export function refilter(
  state: Pick<Store, 'query' | 'queryError' | 'filtered' | 'idFilter' | 'info'>,
  order: readonly string[],
  facts: QueryFacts,
  exists: (id: string) => boolean,
): string[] {
  const matched = queryResult(state.query, order, facts, wordsOf(state));
  return matched ? applyIdFilter(matched, state.idFilter) : state.filtered.filter(exists);
}

const NO_WORDS: readonly string[] = [];
const wordsOf = (s: Pick<Store, 'info'>): readonly string[] => s.info?.settings.triggerWords ?? NO_WORDS;

export const createViewSlice: SliceCreator<ViewSlice> = (set, get) => ({
  query: '',
  queryError: null,
  idFilter: null,
  filtered: [],
  tagCounts: new Map(),
  setQuery(query) {
    const { order, docs, reviewed, idFilter } = get();
    if (isMatchAll(query)) {
      set({ query, queryError: null, filtered: applyIdFilter(order, idFilter) });
      return;
    }
    const compiled = compileCached(query, wordsOf(get()));
    if (!compiled.ok) {
      const { message, position } = compiled.error;
      set({ query, queryError: { message, position: message === PATTERN_ENGINE_LOADING ? null : position } });
      return;
    }
    set({ query, queryError: null, filtered: applyIdFilter(filterIds(order, { docs, reviewed }, compiled.value), idFilter) });
  },
  setIdFilter(idFilter) {
    const { query, order, docs, reviewed, filtered } = get();
    const matched = queryResult(query, order, { docs, reviewed }, wordsOf(get()));
    // Mid-edit (invalid query) the last valid result stays, so the id filter can only narrow it.
    set({ idFilter, filtered: matched ? applyIdFilter(matched, idFilter) : applyIdFilter(filtered, idFilter) });
  },
});
