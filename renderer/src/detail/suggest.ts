import { tagKey, underscoresToSpaces } from '../../../shared/tags/index.ts';

/*
 * Autocomplete for the add-tag input. The candidate list is built once per change of the dataset's
 * tag counts (or the vocabulary); a keystroke only scans it, stops as soon as enough prefix matches are
 * found, and never sorts. With 10,000 images and a 10k-tag vocabulary a scan is a few hundred
 * microseconds, well under a frame.
 */

export interface Candidate {
  /** The tag as it will be written. */
  readonly name: string;
  /** The tag's identity (tagKey): `long_hair` and `Long hair` both match "long h". */
  readonly key: string;
  readonly count: number;
  readonly source: 'dataset' | 'vocabulary';
}

export interface VocabularyEntry {
  readonly name: string;
  readonly count: number;
}

export const SUGGESTION_LIMIT = 12;

/** As tags compare everywhere (filters, counts, tag operations): shared/tags/tag-key.ts. */
export const matchKey = tagKey;

/** Dataset tags by frequency, then vocabulary tags the dataset does not use yet, by post count. */
export function buildCandidates(tagCounts: ReadonlyMap<string, number>, vocabulary: readonly VocabularyEntry[]): Candidate[] {
  // One candidate per tag: spellings of one tag (`long_hair`, `long hair`) merge, counted together,
  // under the dataset's most used spelling.
  const byKey = new Map<string, Candidate>();
  for (const [name, count] of tagCounts) {
    const key = matchKey(name);
    const known = byKey.get(key);
    if (!known) byKey.set(key, { name, key, count, source: 'dataset' });
    else byKey.set(key, { ...known, name: count > known.count ? name : known.name, count: known.count + count });
  }
  const dataset = [...byKey.values()];
  dataset.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set(dataset.map((c) => c.key));
  const extra: Candidate[] = [];
  for (const v of vocabulary) {
    // Taggers' CSVs write booru underscores; a caption file uses the spaced form (kaomoji excepted),
    // unless this dataset already keeps that tag with underscores, which `seen` catches.
    const name = underscoresToSpaces(v.name);
    const key = matchKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    extra.push({ name, key, count: v.count, source: 'vocabulary' });
  }
  extra.sort((a, b) => b.count - a.count);
  return dataset.concat(extra);
}

const keyIndexes = new WeakMap<readonly Candidate[], ReadonlyMap<string, Candidate>>();

/** The candidate whose key is exactly `query`'s (typing `red` means `red`, never `red dress`). */
export function exactCandidate(candidates: readonly Candidate[], query: string): Candidate | null {
  let index = keyIndexes.get(candidates);
  if (!index) {
    const map = new Map<string, Candidate>();
    // First wins: dataset tags come before vocabulary ones, so the dataset's spelling is kept.
    for (const c of candidates) if (!map.has(c.key)) map.set(c.key, c);
    keyIndexes.set(candidates, (index = map));
  }
  return index.get(matchKey(query.trim())) ?? null;
}

/**
 * The exact match first, then prefix matches, then substring matches, each in candidate order; tags
 * in `exclude` are skipped (the exact match too: callers decide what an exact present tag means).
 */
export function suggest(candidates: readonly Candidate[], query: string, exclude: ReadonlySet<string>, limit = SUGGESTION_LIMIT): Candidate[] {
  const q = matchKey(query.trim());
  if (q === '') return [];
  const exact = exactCandidate(candidates, query);
  const first = exact && !exclude.has(exact.name) ? [exact] : [];
  const prefix: Candidate[] = [];
  const inside: Candidate[] = [];
  const room = limit - first.length;
  for (const c of candidates) {
    if (c === exact) continue;
    const at = c.key.indexOf(q);
    if (at < 0 || exclude.has(c.name)) continue;
    if (at === 0) {
      prefix.push(c);
      if (prefix.length === room) break;
    } else if (inside.length < room) inside.push(c);
  }
  return first.concat(prefix, inside.slice(0, room - prefix.length));
}
