import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { lumaOf, sampleRgb } from './sample.ts';

const SIDE = 32;

/** An image of the given size whose every pixel is `pixel`. */
const solid = (width: number, height: number, pixel: number[]) => Uint8Array.from({ length: width * height * pixel.length }, (_, i) => pixel[i % pixel.length]!);

describe('sampleRgb', () => {
  it('keeps a one-colour image that colour, at any size, grey or RGB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }), (w, h, rgb) => {
        const out = sampleRgb(solid(w, h, rgb), w, h, 3, SIDE);
        expect(out).toEqual(solid(SIDE, SIDE, rgb));
        expect(sampleRgb(solid(w, h, [rgb[0]!]), w, h, 1, SIDE)).toEqual(solid(SIDE, SIDE, [rgb[0]!, rgb[0]!, rgb[0]!]));
      }),
      { numRuns: 60 },
    );
  });

  it('flattens transparency onto white, in proportion to the alpha', () => {
    expect(sampleRgb(solid(64, 48, [0, 0, 0, 0]), 64, 48, 4, SIDE)).toEqual(solid(SIDE, SIDE, [255, 255, 255]));
    expect(sampleRgb(solid(64, 48, [10, 20, 30, 255]), 64, 48, 4, SIDE)).toEqual(solid(SIDE, SIDE, [10, 20, 30]));
    expect(sampleRgb(solid(64, 48, [0, 0, 0, 102]), 64, 48, 4, SIDE)).toEqual(solid(SIDE, SIDE, [153, 153, 153]));
    expect(sampleRgb(solid(20, 20, [0, 51]), 20, 20, 2, SIDE)).toEqual(solid(SIDE, SIDE, [204, 204, 204]));
  });

  it('keeps the overall brightness and where things are: a dark left half stays on the left', () => {
    for (const [w, h] of [[256, 171], [171, 256], [256, 256], [16, 16], [3000 / 8, 2000 / 8]] as const) {
      const img = new Uint8Array(w * h * 3);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.fill(x < w / 2 ? 20 : 230, (y * w + x) * 3, (y * w + x) * 3 + 3);
      const out = sampleRgb(img, w, h, 3, SIDE);
      const at = (x: number, y: number) => out[(y * SIDE + x) * 3]!;
      expect({ w, h, left: at(4, 16), right: at(27, 16) }).toEqual({ w, h, left: 20, right: 230 });
      const mean = out.reduce((a, b) => a + b, 0) / out.length;
      expect(Math.abs(mean - 125)).toBeLessThan(3);
    }
  });

  it('stays close to libvips shrinking the same thumbnail (what the hashes were made from before)', async () => {
    // Smooth content: a photo-like gradient field, where the two filters may differ only by rounding and ringing.
    const w = 256;
    const h = 171;
    const img = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = (y * w + x) * 3;
        img[at] = Math.round(127 + 120 * Math.sin(x / 23) * Math.cos(y / 31));
        img[at + 1] = Math.round((x * 255) / w);
        img[at + 2] = Math.round((y * 255) / h);
      }
    }
    const theirs = await sharp(img, { raw: { width: w, height: h, channels: 3 } }).resize(SIDE, SIDE, { fit: 'fill' }).raw().toBuffer();
    const ours = sampleRgb(img, w, h, 3, SIDE);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('refuses pixels that do not fit the size given', () => {
    expect(() => sampleRgb(new Uint8Array(10), 4, 4, 3, SIDE)).toThrow(/not a 4x4 image of 3 channels/);
  });
});

describe('lumaOf', () => {
  it('is within 1 of libvips greyscale for every colour, and exact for greys', async () => {
    const n = 4096;
    const rgb = new Uint8Array(n * 3);
    let seed = 7;
    for (let i = 0; i < rgb.length; i++) rgb[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let v = 0; v < 256; v++) rgb.fill(v, v * 3, v * 3 + 3);
    const theirs = await sharp(rgb, { raw: { width: 64, height: 64, channels: 3 } }).greyscale().raw().toBuffer();
    const ours = lumaOf(rgb);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    for (let v = 0; v < 256; v++) expect(ours[v]).toBe(v);
  });
});
