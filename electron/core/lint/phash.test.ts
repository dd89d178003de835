import fc from 'fast-check';
import sharp from 'sharp';
import sharpPhash from 'sharp-phash';
import { describe, expect, it } from 'vitest';
import { phashBits } from './phash.ts';

/*
 * phash.ts is the DCT of sharp-phash with only the 64 coefficients it keeps: given the greyscale
 * sharp-phash makes of a sample, it must give the same bits for every sample, also where coefficients
 * are equal in exact arithmetic (symmetric pictures) and only rounding decides.
 */
const reference = sharpPhash as unknown as typeof sharpPhash.default;
const SIDE = 32;
const theirs = (rgb: Uint8Array) => reference(Buffer.from(rgb), { raw: { width: SIDE, height: SIDE, channels: 3 } });
/** The greyscale sharp-phash hashes: libvips's, of the 32x32 sample. */
const ours = async (rgb: Uint8Array) => phashBits(await sharp(rgb, { raw: { width: SIDE, height: SIDE, channels: 3 } }).greyscale().raw().toBuffer());

/** A sample whose pixel (x, y) is f(x, y) in all three channels. */
const grey = (f: (x: number, y: number) => number) => {
  const rgb = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) rgb.fill(Math.max(0, Math.min(255, Math.round(f(x, y)))), (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
  return rgb;
};

describe('phashBits', () => {
  it('gives the same 64 bits as sharp-phash for arbitrary samples', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: SIDE * SIDE * 3, maxLength: SIDE * SIDE * 3 }), async (rgb) => {
        expect(await ours(rgb)).toBe(await theirs(rgb));
      }),
      { numRuns: 150 },
    );
  });

  it('and for structured ones: gradients, mirror-symmetric, checkerboards, stripes, a lone dot', async () => {
    const samples = [
      grey((x) => x * 8),
      grey((x, y) => (x + y) * 4),
      grey((x) => (x < 16 ? x : 31 - x) * 16),
      grey((x, y) => ((x >> 2) + (y >> 2)) % 2 ? 220 : 30),
      grey((x, y) => (x % 2 === y % 2 ? 255 : 0)),
      grey((_x, y) => (y % 4 < 2 ? 200 : 60)),
      grey((x, y) => (x === 16 && y === 16 ? 255 : 128)),
      grey((x, y) => 128 + 100 * Math.sin(x / 3) * Math.cos(y / 5)),
    ];
    for (const rgb of samples) {
      const bits = await ours(rgb);
      expect(bits).toMatch(/^[01]{64}$/);
      expect(bits).toBe(await theirs(rgb));
    }
  });
});
