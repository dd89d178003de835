import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { compileQuery, queryItemOf as sharedQueryItemOf, type ItemPredicate, type QueryItem, type QuerySyntaxError } from '../../../shared/query/index.ts';
import { err, type Result } from '../../../shared/result.ts';
import { PATTERN_ENGINE_LOADING, patternEngineLoaded } from '../pattern-engine.ts';

/*
 * Pure derivations behind the dataset and view slices: the query view of a parsed caption, the
 * filter over the whole dataset, incremental tag counts and the natural order of image ids.
 */

/** Query items are cached per parsed doc, so a filter change walks ready objects. */
const itemCache = new WeakMap<CaptionDoc, QueryItem>();

export function queryItemOf(id: string, doc: CaptionDoc | null, reviewed = false): QueryItem {
  if (doc === null) return sharedQueryItemOf(id, null, reviewed);
  const cached = itemCache.get(doc);
  if (cached && cached.path === id && cached.reviewed === reviewed) return cached;
  const item = sharedQueryItemOf(id, doc, reviewed);
  itemCache.set(doc, item);
  return item;
}

/** The per-image facts a query reads besides the caption. */
export interface QueryFacts {
  docs: Readonly<Record<string, CaptionDoc | null>>;
  reviewed: ReadonlySet<string>;
}

/**
 * One compiled query is kept: typing recompiles only when the text (or the trigger words, which
 * `is:trigger-only` reads) changed; images changing never does.
 */
let lastCompiled: { key: string; result: Result<ItemPredicate, QuerySyntaxError> } | null = null;

export function compileCached(src: string, triggerWords: readonly string[] = []): Result<ItemPredicate, QuerySyntaxError> {
  // A query compiled before the pattern engine loaded may hold its "still loading" error.
  const key = `${patternEngineLoaded()}\u0000${src}\u0000${triggerWords.join('\u0000')}`;
  if (lastCompiled?.key !== key) lastCompiled = { key, result: compileFilter(src, triggerWords) };
  return lastCompiled.result;
}

function compileFilter(src: string, triggerWords: readonly string[]): Result<ItemPredicate, QuerySyntaxError> {
  try {
    return compileQuery(src, { triggerWords });
  } catch (e) {
    // Globs compile past the parser, where only the pattern engine still loading can make one fail.
    if (e instanceof Error && e.message.includes(PATTERN_ENGINE_LOADING)) return err({ kind: 'query-syntax', message: PATTERN_ENGINE_LOADING, position: 0 });
    throw e;
  }
}

/**
 * The query items of `order`, as an array. While the user types only the query changes, so the same
 * array serves every keystroke: the filter becomes one tight loop, with no per-id lookups.
 */
let itemsCache: { order: readonly string[]; docs: object; reviewed: object; items: QueryItem[] } | null = null;

function queryItems(order: readonly string[], { docs, reviewed }: QueryFacts): QueryItem[] {
  if (itemsCache && itemsCache.order === order && itemsCache.docs === docs && itemsCache.reviewed === reviewed) return itemsCache.items;
  const items = order.map((id) => queryItemOf(id, docs[id] ?? null, reviewed.has(id)));
  itemsCache = { order, docs, reviewed, items };
  return items;
}

export function filterIds(order: readonly string[], facts: QueryFacts, predicate: ItemPredicate): string[] {
  const items = queryItems(order, facts);
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) if (predicate(items[i]!)) out.push(order[i]!);
  return out;
}

/** True for the empty query (and blank ones), which need no evaluation at all. */
export const isMatchAll = (src: string): boolean => src.trim() === '';

/** Tags of one caption without repeats (a tag repeated inside a caption counts once). */
function uniqueTags(doc: CaptionDoc | null | undefined): Iterable<string> {
  if (!doc) return [];
  return doc.tags.length < 2 ? doc.tags : new Set(doc.tags);
}

/**
 * Applies caption changes to tag counts without rescanning the dataset: one image's tags leave, its
 * new tags arrive. Returns a new Map so selectors see the change.
 */
export function updateTagCounts(
  counts: ReadonlyMap<string, number>,
  changes: Iterable<{ before: CaptionDoc | null | undefined; after: CaptionDoc | null | undefined }>,
): Map<string, number> {
  const next = new Map(counts);
  for (const { before, after } of changes) {
    for (const tag of uniqueTags(before)) {
      const n = (next.get(tag) ?? 0) - 1;
      if (n > 0) next.set(tag, n);
      else next.delete(tag);
    }
    for (const tag of uniqueTags(after)) next.set(tag, (next.get(tag) ?? 0) + 1);
  }
  return next;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order (`img2` before `img10`), case-insensitive; ties broken by code units so it is total. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Inserts ids into an already sorted array; re-sorts when many arrive at once (cheaper than splicing). */
export function insertSorted(order: readonly string[], ids: readonly string[]): string[] {
  if (ids.length === 0) return order.slice();
  if (ids.length > 32) return [...order, ...ids].sort(compareIds);
  const next = order.slice();
  for (const id of ids) {
    let lo = 0;
    let hi = next.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(next[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    next.splice(lo, 0, id);
  }
  return next;
}
