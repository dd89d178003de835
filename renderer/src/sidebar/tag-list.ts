import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { foldText } from '../../../shared/tags/compile.ts';
import { tagKey } from '../../../shared/tags/tag-key.ts';
import { compareIds } from '../store/derive.ts';

/*
 * The sidebar's numbers. A tag is counted by its identity (tagKey), so `long_hair` in 30 captions and
 * `Long Hair` in 25 are one tag in 55 captions (a caption holding both counts once), shown under its
 * most common spelling and marked, so the person can see the split and unify it.
 */

export interface Spelling {
  tag: string;
  /** Captions holding this exact spelling. */
  count: number;
}

export interface TagGroup {
  key: string;
  /** The most common spelling (ties: natural order): what the sidebar shows and unifies to. */
  tag: string;
  /** Every spelling present, most common first (one entry for most tags). */
  spellings: Spelling[];
}

export interface TagRow {
  key: string;
  /** The spelling shown (a trigger word as the settings spell it). */
  tag: string;
  /** Captions among the images in view that hold the tag. */
  inView: number;
  /** Captions in the whole dataset that hold the tag. */
  total: number;
  spellings: Spelling[];
}

export type TagSort = 'count' | 'name';

const byCountThenName = (a: Spelling, b: Spelling) => b.count - a.count || compareIds(a.tag, b.tag);

/** Spellings grouped by identity, from the per-spelling counts the store keeps. */
export function spellingGroups(tagCounts: ReadonlyMap<string, number>): Map<string, TagGroup> {
  const byKey = new Map<string, Spelling[]>();
  for (const [tag, count] of tagCounts) {
    const key = tagKey(tag);
    if (key === '') continue;
    const list = byKey.get(key);
    if (list) list.push({ tag, count });
    else byKey.set(key, [{ tag, count }]);
  }
  const groups = new Map<string, TagGroup>();
  for (const [key, spellings] of byKey) {
    if (spellings.length > 1) spellings.sort(byCountThenName);
    groups.set(key, { key, tag: spellings[0]!.tag, spellings });
  }
  return groups;
}

/** Each caption's tag identities without repeats, worked out once per parsed caption. */
const keyCache = new WeakMap<CaptionDoc, readonly string[]>();

export function keysOf(doc: CaptionDoc): readonly string[] {
  let keys = keyCache.get(doc);
  if (!keys) {
    const found: string[] = [];
    // Captions are short: a scan of the keys so far beats a Set per caption (as tagFrequencies does).
    const seen = doc.tags.length > 64 ? new Set<string>() : null;
    for (const tag of doc.tags) {
      const key = tagKey(tag);
      if (key === '' || (seen ? seen.has(key) : found.includes(key))) continue;
      seen?.add(key);
      found.push(key);
    }
    keys = found;
    keyCache.set(doc, keys);
  }
  return keys;
}

/** How many of these images' captions hold each tag identity. */
export function countKeys(ids: readonly string[], docs: Readonly<Record<string, CaptionDoc | null>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const doc = docs[id];
    if (!doc) continue;
    for (const key of keysOf(doc)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface ListInput {
  groups: ReadonlyMap<string, TagGroup>;
  total: ReadonlyMap<string, number>;
  inView: ReadonlyMap<string, number>;
  triggerWords: readonly string[];
  search: string;
  sort: TagSort;
}

/** Most in view first, then most in the dataset, then by name; or by name alone. */
export function compareRows(sort: TagSort): (a: TagRow, b: TagRow) => number {
  if (sort === 'name') return (a, b) => compareIds(a.tag, b.tag);
  return (a, b) => b.inView - a.inView || b.total - a.total || compareIds(a.tag, b.tag);
}

/**
 * The sidebar's two lists: trigger words apart (in settings order, present in the dataset or not) and
 * the other tags, both narrowed by the search text, which matches any spelling the way tags compare
 * (`long_h` finds `Long Hair`).
 */
export function sidebarLists({ groups, total, inView, triggerWords, search, sort }: ListInput): { triggers: TagRow[]; tags: TagRow[] } {
  const needle = foldText(search.trim());
  const match = (tags: readonly string[]) => needle === '' || tags.some((t) => foldText(t).includes(needle));
  const rowOf = (group: TagGroup, tag = group.tag): TagRow => ({
    key: group.key,
    tag,
    inView: inView.get(group.key) ?? 0,
    total: total.get(group.key) ?? 0,
    spellings: group.spellings,
  });
  const triggerKeys = new Set<string>();
  const triggers: TagRow[] = [];
  for (const word of triggerWords) {
    const key = tagKey(word);
    if (key === '' || triggerKeys.has(key)) continue;
    triggerKeys.add(key);
    const group = groups.get(key) ?? { key, tag: word, spellings: [] };
    if (match([word, ...group.spellings.map((s) => s.tag)])) triggers.push(rowOf(group, word));
  }
  const tags: TagRow[] = [];
  for (const group of groups.values()) {
    if (triggerKeys.has(group.key) || !match(group.spellings.map((s) => s.tag))) continue;
    tags.push(rowOf(group));
  }
  return { triggers, tags: tags.sort(compareRows(sort)) };
}

/** The count as the sidebar shows it: `43 / 55` while a filter narrows the view, else `55`. */
export function countText(row: Pick<TagRow, 'inView' | 'total'>, narrowed: boolean): string {
  return narrowed ? `${row.inView.toLocaleString()} / ${row.total.toLocaleString()}` : row.total.toLocaleString();
}

/** The same for a screen reader, and the tooltip. */
export function countWords(row: Pick<TagRow, 'inView' | 'total'>, narrowed: boolean): string {
  const images = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'image' : 'images'}`;
  return narrowed ? `${images(row.inView)} in view of ${row.total.toLocaleString()}` : images(row.total);
}
