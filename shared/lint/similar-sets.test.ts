import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterSimilar } from './similar-sets.ts';
import { jaccard } from './similarity.ts';
import { UnionFind } from './union-find.ts';

/** The all-pairs answer the join must reproduce. */
function bruteForce(n: number, similar: (a: number, b: number) => boolean): number[][] {
  const uf = new UnionFind(n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (similar(a, b)) uf.union(a, b);
  return uf.groups();
}

function sorted(set: readonly number[]): number[] {
  return [...new Set(set)].sort((a, b) => a - b);
}

// Small alphabets and near-copies, so that many pairs sit right around the thresholds.
const setArb = (alphabet: number) => fc.array(fc.nat(alphabet - 1), { maxLength: 14 }).map(sorted);
const datasetArb = (alphabet: number) =>
  fc.array(setArb(alphabet), { minLength: 1, maxLength: 40 }).chain((base) =>
    fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(alphabet - 1), fc.boolean()), { maxLength: 30 }).map((edits) => [
      ...base,
      ...edits.map(([from, token, add]) => sorted(add ? [...base[from]!, token] : base[from]!.filter((t) => t !== token))),
    ]),
  );
const thresholdArb = fc.constantFrom(0.5, 0.6, 0.65, 2 / 3, 0.7, 0.75, 0.8, 0.9, 0.95, 1);

describe('clusterSimilar', () => {
  it('finds exactly the clusters an all-pairs compare finds (one view)', () => {
    fc.assert(
      fc.property(datasetArb(12), thresholdArb, (sets, t) => {
        const similar = (a: number, b: number) => jaccard(sets[a]!, sets[b]!) >= t - 1e-9;
        expect(clusterSimilar([sets], t, similar)).toEqual(bruteForce(sets.length, similar));
      }),
      { numRuns: 300 },
    );
  });

  it('finds exactly the all-pairs clusters when every view must be similar, whichever view it joins on', () => {
    fc.assert(
      fc.property(datasetArb(8), datasetArb(30), thresholdArb, (left, right, t) => {
        const n = Math.min(left.length, right.length);
        const a = left.slice(0, n);
        const b = right.slice(0, n);
        const similar = (x: number, y: number) => jaccard(a[x]!, a[y]!) >= t - 1e-9 && jaccard(b[x]!, b[y]!) >= t - 1e-9;
        const expected = bruteForce(n, similar);
        expect(clusterSimilar([a, b], t, similar)).toEqual(expected);
        expect(clusterSimilar([b, a], t, similar)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('finds pairs exactly at the threshold despite floating point', () => {
    // 13 shared of 20: Jaccard 0.65 exactly, but 0.65 / 1.65 * (16 + 17) computes as 13.000000000000002.
    const common = Array.from({ length: 13 }, (_, i) => i);
    const x = [...common, 100, 101, 102];
    const y = [...common, 200, 201, 202, 203];
    expect(jaccard(x, y)).toBe(0.65);
    expect(clusterSimilar([[x, y]], 0.65, () => true)).toEqual([[0, 1]]);
  });

  it('only unites what confirm accepts, and never joins empty sets', () => {
    const sets = [[1, 2], [1, 2], [], []];
    expect(clusterSimilar([sets], 0.9, () => false)).toEqual([]);
    expect(clusterSimilar([sets], 0.9, () => true)).toEqual([[0, 1]]);
  });

  it('joins thousands of distinct records without comparing all pairs', () => {
    // 5,000 sets made of common tokens, none similar: an all-pairs compare would call confirm 12.5M times.
    const sets = Array.from({ length: 5000 }, (_, i) => sorted([i % 50, 50 + (i % 37), 100 + (i % 23), 200 + i, 10_000 + i]));
    let calls = 0;
    expect(clusterSimilar([sets], 0.9, () => (calls++, true))).toEqual([]);
    expect(calls).toBe(0);
  });
});
