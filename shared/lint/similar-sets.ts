import { UnionFind } from './union-find.ts';

/*
 * Clusters of similar sets without comparing all pairs
 * =====================================================
 * A prefix-filtering similarity join (AllPairs / PPJoin, Bayardo et al. 2007, Xiao et al. 2008),
 * chosen over MinHash/LSH because it is exact and deterministic: every pair at or above the
 * threshold is found, and the same input gives the same clusters on every run.
 *
 * Tokens are ranked rarest first. If Jaccard(x, y) >= t then x and y share at least
 * α = ⌈t/(1+t)·(|x|+|y|)⌉ tokens, so they share a token among the first |x| - ⌈t·|x|⌉ + 1 ranks of
 * x (its probing prefix), and, when |y| <= |x|, among the first |y| - ⌈2t/(1+t)·|y|⌉ + 1 ranks of y
 * (its indexing prefix). Sets are visited by size; each probes the inverted index of the earlier
 * (shorter) sets' indexing prefixes with its probing prefix, keeping only candidates that
 *   - are long enough: |y| >= t·|x| (length filter), and
 *   - can still reach α given where the shared token sits in both sets (positional filter),
 * and is then indexed itself. Candidates are checked exactly (overlap >= α, a merge that stops as
 * soon as α is out of reach), then by the caller's own rule (`confirm`). Accepted pairs are merged
 * into clusters (connected components: A~B and B~C put A, B, C together), and a pair already in one
 * cluster is not checked again.
 *
 * Views: the caller may describe each record in several ways (a caption's tags, its words), each a
 * necessary condition: confirm(a, b) may only accept pairs whose Jaccard is >= t in EVERY view.
 * Then a join over any one view misses nothing, and the cheapest is used. The cost of a view is
 * estimated as Σ over tokens of (indexing-prefix records × probing-prefix records) with that token:
 * roughly the index entries the probes will walk. That keeps the join fast when one part is
 * repetitive (every caption has the same template tags) but the other is not (LLM sentences).
 *
 * Cost: linear in the index entries walked, which stays small while records have rare tokens in
 * some view (captions that differ). The worst case is thousands of DISTINCT records whose tokens are
 * all shared by a large part of the set in every view; identical records should be collapsed into
 * one before calling (the lint does).
 */

/** Floating-point slack: 0.65 / 1.65 * 33 is 13.000000000000002, and ⌈⌉ of that must still be 13. */
const EPS = 1e-9;

/**
 * `views[v][i]`: record i's tokens in view v, repeat-free non-negative integers (keep them dense:
 * the largest sizes a lookup table).
 * Returns the clusters (two or more record indices, ascending), ordered by their smallest member.
 */
export function clusterSimilar(
  views: readonly (readonly ArrayLike<number>[])[],
  threshold: number,
  confirm: (a: number, b: number) => boolean,
): number[][] {
  let best: Ranked | null = null;
  let bestCost = Infinity;
  for (const view of views) {
    const ranked = rankTokens(view);
    const cost = joinCost(ranked, threshold);
    if (cost < bestCost) [best, bestCost] = [ranked, cost];
  }
  return best ? join(best, threshold, confirm) : [];
}

/**
 * Sets as ranks, back to back in one buffer (set i is tokens[start[i]] .. tokens[start[i + 1] - 1],
 * ascending, rank 0 the rarest token): one allocation instead of one per set.
 */
interface Ranked {
  tokens: Int32Array;
  start: Int32Array;
  /** Number of distinct tokens (ranks run 0..distinct-1). */
  distinct: number;
}

function rankTokens(sets: readonly ArrayLike<number>[]): Ranked {
  let max = -1;
  let total = 0;
  for (const s of sets) {
    total += s.length;
    for (let i = 0; i < s.length; i++) if (s[i]! > max) max = s[i]!;
  }
  const freq = new Int32Array(max + 1);
  for (const s of sets) for (let i = 0; i < s.length; i++) freq[s[i]!]!++;
  const present: number[] = [];
  for (let token = 0; token <= max; token++) if (freq[token]! > 0) present.push(token);
  present.sort((a, b) => freq[a]! - freq[b]! || a - b);
  const rank = freq; // reused: the counts are no longer needed once `present` is sorted
  present.forEach((token, r) => (rank[token] = r));
  const tokens = new Int32Array(total);
  const start = new Int32Array(sets.length + 1);
  let at = 0;
  sets.forEach((s, i) => {
    start[i] = at;
    for (let k = 0; k < s.length; k++) tokens[at + k] = rank[s[k]!]!;
    tokens.subarray(at, at + s.length).sort();
    at += s.length;
  });
  start[sets.length] = at;
  return { tokens, start, distinct: present.length };
}

function prefixLength(size: number, t: number): number {
  return size - Math.ceil(t * size - EPS) + 1;
}

function indexedLength(size: number, t: number): number {
  return size - Math.ceil(((2 * t) / (1 + t)) * size - EPS) + 1;
}

function joinCost({ tokens, start, distinct }: Ranked, t: number): number {
  const indexed = new Float64Array(distinct);
  const probed = new Float64Array(distinct);
  for (let s = 0; s + 1 < start.length; s++) {
    const from = start[s]!;
    const size = start[s + 1]! - from;
    if (size === 0) continue;
    const p = prefixLength(size, t);
    const q = indexedLength(size, t);
    for (let i = 0; i < p; i++) {
      probed[tokens[from + i]!]!++;
      if (i < q) indexed[tokens[from + i]!]!++;
    }
  }
  let cost = 0;
  for (let token = 0; token < distinct; token++) cost += indexed[token]! * probed[token]!;
  return cost;
}

function join({ tokens, start }: Ranked, t: number, confirm: (a: number, b: number) => boolean): number[][] {
  const n = start.length - 1;
  const size = (r: number) => start[r + 1]! - start[r]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => size(a) - size(b) || a - b);
  const index: number[][] = [];
  // Entries of a list come in ascending set size, so entries too short for x are too short for
  // every later (longer) set as well: `skip` passes over them for good.
  const skip: number[] = [];
  const uf = new UnionFind(n);
  const seen = new Int32Array(n);
  const touched: number[] = [];

  for (const x of order) {
    const fx = start[x]!;
    const lx = size(x);
    if (lx === 0) continue;
    const minLength = Math.ceil(t * lx - EPS);
    const prefix = lx - minLength + 1;
    const indexed = indexedLength(lx, t);
    for (let i = 0; i < prefix; i++) {
      const token = tokens[fx + i]!;
      const list = (index[token] ??= []);
      let k = skip[token] ?? 0;
      while (k < list.length && size(list[k]!) < minLength) k += 2;
      skip[token] = k;
      for (; k < list.length; k += 2) {
        const y = list[k]!;
        const o = seen[y]!;
        if (o < 0) continue;
        if (o === 0) touched.push(y);
        const ly = size(y);
        const alpha = Math.ceil((t / (1 + t)) * (lx + ly) - EPS);
        seen[y] = o + 1 + Math.min(lx - i - 1, ly - list[k + 1]! - 1) >= alpha ? o + 1 : -1;
      }
      if (i < indexed) list.push(x, i);
    }
    for (const y of touched) {
      if (seen[y]! > 0 && uf.find(x) !== uf.find(y)) {
        const alpha = Math.ceil((t / (1 + t)) * (lx + size(y)) - EPS);
        if (reaches(tokens, fx, fx + lx, start[y]!, start[y + 1]!, alpha) && confirm(Math.min(x, y), Math.max(x, y))) uf.union(x, y);
      }
      seen[y] = 0;
    }
    touched.length = 0;
  }
  return uf.groups();
}

/** Whether tokens[a..aEnd) and tokens[b..bEnd) share at least `need` ids; gives up once out of reach. */
function reaches(tokens: Int32Array, a: number, aEnd: number, b: number, bEnd: number, need: number): boolean {
  let i = a;
  let j = b;
  let common = 0;
  while (i < aEnd && j < bEnd) {
    if (common + Math.min(aEnd - i, bEnd - j) < need) return false;
    const x = tokens[i]!;
    const y = tokens[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common >= need;
}
