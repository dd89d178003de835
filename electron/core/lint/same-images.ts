import { UnionFind } from '../../../shared/lint/union-find.ts';
import { COLOUR_TOLERANCE, decodeGrid, gridDistance } from './colour-grid.ts';
import type { ImageHash } from './image-hash.ts';

/**
 * Groups of ids whose pictures are the same: perceptual hashes within `maxDistance` differing bits
 * whose colour grids also agree (no cell further apart than COLOUR_TOLERANCE: the hash alone
 * matches any two pictures sharing a layout), transitively (A~B and B~C put A, B and C in one
 * group), or flat images of the same colour. Only groups of two or more are returned, members and
 * groups in the order of `hashes`.
 *
 * Comparing every pair is 50 million comparisons for 10,000 images. By the pigeonhole principle two
 * hashes within d bits agree exactly on at least one of any d+1 disjoint blocks of the 64 bits, so
 * only hashes sharing a block value need comparing. Wide distances make blocks so narrow that every
 * bucket holds most images; those fall back to all pairs, which is then the cheaper way.
 */
export function groupSameImages(hashes: ReadonlyMap<string, ImageHash>, maxDistance: number): string[][] {
  const ids = [...hashes.keys()];
  const sets = new UnionFind(ids.length);
  const perceptual: number[] = [];
  const byColour = new Map<string, number>();
  ids.forEach((id, index) => {
    const hash = hashes.get(id)!;
    if (hash.kind === 'phash') {
      perceptual.push(index);
      return;
    }
    const first = byColour.get(hash.colour);
    if (first === undefined) byColour.set(hash.colour, index);
    else sets.union(first, index);
  });

  const hi = new Uint32Array(ids.length);
  const lo = new Uint32Array(ids.length);
  const grids: (Uint8Array | null)[] = [];
  for (const i of perceptual) {
    const hash = hashes.get(ids[i]!) as Extract<ImageHash, { kind: 'phash' }>;
    [hi[i], lo[i]] = words(hash.hex);
    grids[i] = decodeGrid(hash.colours);
  }
  // Without a grid on both sides there is no second opinion, and a hash alone is not enough.
  const sameColours = (a: number, b: number) => {
    const ga = grids[a];
    const gb = grids[b];
    return !!ga && !!gb && gridDistance(ga, gb) <= COLOUR_TOLERANCE;
  };
  const d = Math.max(0, Math.min(64, Math.floor(maxDistance)));
  /** Compares every pair of `members` (indices into ids). */
  const compareAll = (members: readonly number[]) => {
    for (let x = 0; x < members.length; x++) {
      const a = members[x]!;
      for (let y = x + 1; y < members.length; y++) {
        const b = members[y]!;
        if (popcount32(hi[a]! ^ hi[b]!) + popcount32(lo[a]! ^ lo[b]!) <= d && sameColours(a, b)) sets.union(a, b);
      }
    }
  };
  if (usePigeonhole(d)) {
    for (const bucket of blockBuckets(perceptual, hi, lo, d)) compareAll(bucket);
  } else {
    compareAll(perceptual);
  }
  return sets.groups().map((members) => members.map((i) => ids[i]!));
}

/** Hamming distance of two 64-bit hashes given as 16 hex digits. */
export function hashDistance(a: string, b: string): number {
  const [ah, al] = words(a);
  const [bh, bl] = words(b);
  return popcount32(ah ^ bh) + popcount32(al ^ bl);
}

function words(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16)];
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * With d+1 blocks of w bits, a random pair shares some block with probability about (d+1) / 2^w;
 * bucketing pays off while that stays well below the 1 of comparing every pair.
 */
function usePigeonhole(d: number): boolean {
  const blocks = d + 1;
  return blocks <= 64 && blocks / 2 ** Math.floor(64 / blocks) < 0.25;
}

/**
 * For each of d+1 blocks of the 64 bits, the groups of images whose hashes agree on that block
 * (groups of one left out). A pair may share several blocks; comparing it again is harmless.
 */
function* blockBuckets(members: readonly number[], hi: Uint32Array, lo: Uint32Array, d: number): Generator<number[]> {
  const blocks = d + 1;
  for (let b = 0; b < blocks; b++) {
    // Blocks cover bits [start, end) of the 64 (bit 0 the most significant), as evenly as 64 / blocks allows.
    const start = Math.floor((b * 64) / blocks);
    const end = Math.floor(((b + 1) * 64) / blocks);
    const buckets = new Map<number, number[]>();
    for (const i of members) {
      const key = bitsOf(hi[i]!, lo[i]!, start, end);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) if (bucket.length > 1) yield bucket;
  }
}

/**
 * Bits [start, end) of the 64-bit value hi:lo as a number. A block wider than 53 bits (d = 0) loses
 * precision, which can only put different hashes in one bucket; every pair is still verified.
 */
function bitsOf(hi: number, lo: number, start: number, end: number): number {
  let value = 0;
  for (let bit = start; bit < end; bit++) {
    const word = bit < 32 ? hi : lo;
    value = value * 2 + ((word >>> (31 - (bit % 32))) & 1);
  }
  return value;
}
