import { compareIds } from '../store/derive.ts';

export interface TagRow {
  tag: string;
  count: number;
}

/** Every tag by dataset frequency, most frequent first; ties in natural order. */
export function rankTags(counts: ReadonlyMap<string, number>): TagRow[] {
  const rows: TagRow[] = [];
  for (const [tag, count] of counts) rows.push({ tag, count });
  return rows.sort((a, b) => b.count - a.count || compareIds(a.tag, b.tag));
}

/**
 * The sidebar's two lists: trigger words apart (in settings order, present in the dataset or not)
 * and the remaining tags, both narrowed by the search text (case-insensitive substring).
 */
export function sidebarLists(
  ranked: readonly TagRow[],
  counts: ReadonlyMap<string, number>,
  triggerWords: readonly string[],
  search: string,
): { triggers: TagRow[]; tags: TagRow[] } {
  const needle = search.trim().toLowerCase();
  const match = (tag: string) => needle === '' || tag.toLowerCase().includes(needle);
  const triggerSet = new Set(triggerWords);
  return {
    triggers: [...triggerSet].filter(match).map((tag) => ({ tag, count: counts.get(tag) ?? 0 })),
    tags: ranked.filter((r) => !triggerSet.has(r.tag) && match(r.tag)),
  };
}
