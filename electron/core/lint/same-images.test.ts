import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageHash } from './image-hash.ts';
import { groupSameImages, hashDistance } from './same-images.ts';

const toHex = (bits: bigint) => bits.toString(16).padStart(16, '0');
const flip = (hex: string, bit: number) => toHex(BigInt(`0x${hex}`) ^ (1n << BigInt(bit)));

/** The obvious O(n^2) answer the bucketed one must agree with. */
function reference(hashes: ReadonlyMap<string, ImageHash>, d: number): string[][] {
  const ids = [...hashes.keys()];
  const group = ids.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : root(group[i]!));
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = hashes.get(ids[i]!)!;
      const b = hashes.get(ids[j]!)!;
      const same =
        a.kind === 'phash' && b.kind === 'phash' ? popcount(BigInt(`0x${a.hex}`) ^ BigInt(`0x${b.hex}`)) <= d
        : a.kind === 'flat' && b.kind === 'flat' && a.colour === b.colour;
      if (same) group[root(j)] = root(i);
    }
  }
  const byRoot = new Map<number, string[]>();
  ids.forEach((id, i) => byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), id]));
  return [...byRoot.values()].filter((g) => g.length > 1).sort((x, y) => ids.indexOf(x[0]!) - ids.indexOf(y[0]!));
}

function popcount(v: bigint): number {
  let n = 0;
  for (let x = v; x > 0n; x >>= 1n) n += Number(x & 1n);
  return n;
}

const bits64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(toHex);
/** Clusters of hashes a few bits apart (as copies of one picture are), plus unrelated ones and flat images. */
const dataset = fc
  .array(
    fc.oneof(
      fc.record({ base: bits64, flips: fc.array(fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 12 }), { maxLength: 4 }) }),
      fc.constantFrom('#ff0000', '#00ff00').map((colour) => ({ colour })),
    ),
    { maxLength: 25 },
  )
  .map((entries) => {
    const hashes = new Map<string, ImageHash>();
    entries.forEach((entry, i) => {
      if ('colour' in entry) {
        hashes.set(`flat-${i}`, { kind: 'flat', colour: entry.colour });
        return;
      }
      hashes.set(`img-${i}`, { kind: 'phash', hex: entry.base });
      entry.flips.forEach((bits, k) => hashes.set(`img-${i}-copy-${k}`, { kind: 'phash', hex: bits.reduce(flip, entry.base) }));
    });
    return hashes;
  });

describe('groupSameImages', () => {
  it('agrees with comparing every pair, at every distance', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 0, max: 32 }), (hashes, d) => {
        expect(groupSameImages(hashes, d)).toEqual(reference(hashes, d));
      }),
      { numRuns: 300 },
    );
  });

  it('joins copies transitively and keeps the order of the input', () => {
    const a = '0123456789abcdef';
    const b = flip(flip(flip(a, 0), 20), 40); // 3 bits from a
    const c = flip(flip(flip(b, 50), 60), 63); // 3 from b, 6 from a
    const hashes = new Map<string, ImageHash>([
      ['z.png', { kind: 'phash', hex: c }],
      ['other.png', { kind: 'phash', hex: 'fedcba9876543210' }],
      ['a.png', { kind: 'phash', hex: a }],
      ['red.png', { kind: 'flat', colour: '#ff0000' }],
      ['b.png', { kind: 'phash', hex: b }],
      ['red copy.jpg', { kind: 'flat', colour: '#ff0000' }],
      ['green.png', { kind: 'flat', colour: '#00ff00' }],
    ]);
    expect(groupSameImages(hashes, 3)).toEqual([['z.png', 'a.png', 'b.png'], ['red.png', 'red copy.jpg']]);
    expect(groupSameImages(hashes, 2)).toEqual([['red.png', 'red copy.jpg']]);
    expect(hashDistance(a, c)).toBe(6);
  });

  it('finds the one planted copy among 10,000 unrelated hashes', () => {
    const hashes = new Map<string, ImageHash>();
    let seed = 42;
    // mulberry32: every bit well mixed (an LCG's low bits repeat, which would crowd single buckets).
    const next32 = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, '0');
    };
    for (let i = 0; i < 10_000; i++) hashes.set(`img-${i}`, { kind: 'phash', hex: next32() + next32() });
    const original = (hashes.get('img-1234') as { hex: string }).hex;
    hashes.set('copy.jpg', { kind: 'phash', hex: flip(flip(flip(flip(original, 3), 17), 33), 62) });
    expect(groupSameImages(hashes, 6)).toEqual([['img-1234', 'copy.jpg']]);
  });
});
