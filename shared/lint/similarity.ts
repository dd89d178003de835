import type { Entry } from './prepare.ts';

/*
 * How alike two captions are
 * ==========================
 * Each caption has two parts, compared on their own:
 *   tags   Jaccard |A ∩ B| / |A ∪ B| of the tag sets (tagKey-normalised, trigger words left out);
 *   prose  Jaccard of the sets of words of the sentences (lowercased, trigger words left out).
 * A part neither caption has is skipped; a part only one caption has counts as 0 (a caption with
 * sentences and one without are not saying the same thing).
 *
 * - near-duplicate asks that BOTH parts be alike: the score is the LOWER of the two part scores,
 *   flagged at or above settings.nearDuplicate (0.9 by default: with 20 tags, 19 shared and one
 *   swapped gives 19/21 = 0.905; with three sentences, one word changed in 25 gives 24/26 = 0.92).
 * - the summary's meanSimilarity is the MEAN of the part scores, so a set whose tags repeat but whose
 *   sentences vary reads as half alike rather than not alike at all.
 * - two captions with neither part (trigger words only) are the same caption: 1.
 */

export interface PartScores {
  tags: number | null;
  prose: number | null;
}

export function partScores(a: Entry, b: Entry): PartScores {
  return { tags: partScore(a.content, b.content), prose: partScore(a.words, b.words) };
}

export function nearDuplicateScore(a: Entry, b: Entry): number {
  const { tags, prose } = partScores(a, b);
  if (tags === null) return prose ?? 1;
  return prose === null ? tags : Math.min(tags, prose);
}

export function meanScore(a: Entry, b: Entry): number {
  const { tags, prose } = partScores(a, b);
  if (tags === null) return prose ?? 1;
  return prose === null ? tags : (tags + prose) / 2;
}

function partScore(a: Int32Array, b: Int32Array): number | null {
  if (a.length === 0 && b.length === 0) return null;
  return jaccard(a, b);
}

/** Jaccard similarity of two ascending, repeat-free id arrays (0 when either is empty). */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return 0;
  const common = overlap(a, b);
  return common / (a.length + b.length - common);
}

/** Size of the intersection of two ascending, repeat-free id arrays. */
export function overlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}
