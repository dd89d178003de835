import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLOUR_TOLERANCE, decodeGrid, GRID_BYTES, gridDistance } from './colour-grid.ts';
import type { ImageHash } from './image-hash.ts';
import { groupSameImages, hashDistance } from './same-images.ts';

const toHex = (bits: bigint) => bits.toString(16).padStart(16, '0');
const flip = (hex: string, bit: number) => toHex(BigInt(`0x${hex}`) ^ (1n << BigInt(bit)));

/** A colour grid of one colour, as base64. */
const solidGrid = (r: number, g: number, b: number) => Buffer.from(Array.from({ length: GRID_BYTES }, (_, i) => [r, g, b][i % 3]!)).toString('base64');
const GREY = solidGrid(128, 128, 128);
/** `grid` with every byte moved by `delta` (clamped): a copy's colours when delta is small, a recolour when large. */
const shift = (grid: string, delta: number) => Buffer.from(Buffer.from(grid, 'base64').map((v) => Math.max(0, Math.min(255, v + delta)))).toString('base64');
const phash = (hex: string, colours = GREY): ImageHash => ({ kind: 'phash', hex, colours });

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
        a.kind === 'phash' && b.kind === 'phash'
          ? popcount(BigInt(`0x${a.hex}`) ^ BigInt(`0x${b.hex}`)) <= d && gridDistance(decodeGrid(a.colours)!, decodeGrid(b.colours)!) <= COLOUR_TOLERANCE
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
const grid = fc.uint8Array({ minLength: GRID_BYTES, maxLength: GRID_BYTES }).map((bytes) => Buffer.from(bytes).toString('base64'));
/**
 * Clusters of hashes a few bits apart (as copies of one picture are), each copy's colours shifted a
 * little (a re-encoded copy) or a lot (the same layout recoloured), plus unrelated ones and flat images.
 */
const copy = fc.record({ flips: fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 12 }), shift: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -120, max: 120 })) });
const dataset = fc
  .array(
    fc.oneof(
      fc.record({ base: bits64, colours: grid, copies: fc.array(copy, { maxLength: 4 }) }),
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
      hashes.set(`img-${i}`, phash(entry.base, entry.colours));
      entry.copies.forEach((c, k) => hashes.set(`img-${i}-copy-${k}`, phash(c.flips.reduce(flip, entry.base), shift(entry.colours, c.shift))));
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
      ['z.png', phash(c)],
      ['other.png', phash('fedcba9876543210')],
      ['a.png', phash(a)],
      ['red.png', { kind: 'flat', colour: '#ff0000' }],
      ['b.png', phash(b)],
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
    for (let i = 0; i < 10_000; i++) hashes.set(`img-${i}`, phash(next32() + next32()));
    const original = (hashes.get('img-1234') as { hex: string }).hex;
    hashes.set('copy.jpg', phash(flip(flip(flip(flip(original, 3), 17), 33), 62), shift(GREY, 9)));
    expect(groupSameImages(hashes, 6)).toEqual([['img-1234', 'copy.jpg']]);
  });

  it('needs the colours to agree too: one layout in other colours is not the same picture', () => {
    const hex = '0123456789abcdef';
    const red = solidGrid(200, 40, 40);
    const hashes = new Map<string, ImageHash>([
      ['red.png', phash(hex, red)],
      ['red copy.jpg', phash(flip(hex, 5), shift(red, 6))],
      ['blue.png', phash(hex, solidGrid(40, 40, 200))],
      ['darker.png', phash(hex, shift(red, -40))],
      ['no grid.png', phash(hex, 'not a grid')],
    ]);
    expect(groupSameImages(hashes, 6)).toEqual([['red.png', 'red copy.jpg']]);
    // One cell off is enough: a subject moved or resized changes a few cells, not all of them.
    const oneCell = Buffer.from(red, 'base64');
    oneCell.fill(255, 30, 33);
    expect(groupSameImages(new Map([['a', phash(hex, red)], ['b', phash(hex, oneCell.toString('base64'))]]), 6)).toEqual([]);
  });
});
