import type { StateCreator } from 'zustand';
import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { compileCached, filterIds, isMatchAll } from './derive.ts';
import type { Store, ViewSlice } from './types.ts';

export const THUMB_MIN = 80;
export const THUMB_MAX = 360;
export const THUMB_DEFAULT = 160;
const THUMB_KEY = 'tagsmith.thumbSize';

export const clampThumb = (size: number): number =>
  Number.isFinite(size) ? Math.min(THUMB_MAX, Math.max(THUMB_MIN, Math.round(size))) : THUMB_DEFAULT;

function storedThumbSize(): number {
  try {
    const raw = globalThis.localStorage?.getItem(THUMB_KEY);
    return raw ? clampThumb(Number(raw)) : THUMB_DEFAULT;
  } catch {
    return THUMB_DEFAULT; // storage blocked (privacy mode, sandboxed page): the default is fine
  }
}

/**
 * The filter result for a new set of images. While the query is invalid the last valid result stays
 * (minus images that are gone): the user is mid-edit, and an emptied grid would be a jarring flash.
 */
export function refilter(
  state: Pick<Store, 'query' | 'queryError' | 'filtered'>,
  order: readonly string[],
  docs: Readonly<Record<string, CaptionDoc | null>>,
  exists: (id: string) => boolean,
): string[] {
  if (isMatchAll(state.query)) return order as string[];
  const compiled = compileCached(state.query);
  if (compiled.ok) return filterIds(order, docs, compiled.value);
  return state.filtered.filter(exists);
}

export const createViewSlice: StateCreator<Store, [], [], ViewSlice> = (set, get) => ({
  query: '',
  queryError: null,
  filtered: [],
  tagCounts: new Map(),
  thumbSize: storedThumbSize(),
  setQuery(query) {
    const { order, docs } = get();
    if (isMatchAll(query)) {
      set({ query, queryError: null, filtered: order });
      return;
    }
    const compiled = compileCached(query);
    if (!compiled.ok) {
      set({ query, queryError: { message: compiled.error.message, position: compiled.error.position } });
      return;
    }
    set({ query, queryError: null, filtered: filterIds(order, docs, compiled.value) });
  },
  setThumbSize(size) {
    const thumbSize = clampThumb(size);
    set({ thumbSize });
    try {
      globalThis.localStorage?.setItem(THUMB_KEY, String(thumbSize));
    } catch {
      // not persisted: only a preference
    }
  },
});
