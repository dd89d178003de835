import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import type { WebpOptions } from 'sharp';
import { WEBP_HEADER_BYTES, webpSize } from './webp-size.ts';

function chunkType(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(12, 16));
}

async function encode(width: number, height: number, opts: WebpOptions, alpha = false): Promise<Uint8Array> {
  const background = alpha ? { r: 10, g: 20, b: 30, alpha: 0.5 } : { r: 10, g: 20, b: 30 };
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background } }).webp(opts).toBuffer();
}

describe('webpSize', () => {
  it('reads lossy (VP8), lossless (VP8L) and extended (VP8X) headers as sharp writes them', async () => {
    const lossy = await encode(123, 45, { quality: 80 });
    const lossless = await encode(77, 300, { lossless: true });
    const extended = await encode(256, 17, { quality: 80 }, true);
    expect([chunkType(lossy), chunkType(lossless), chunkType(extended)]).toEqual(['VP8 ', 'VP8L', 'VP8X']);
    expect(webpSize(lossy)).toEqual({ width: 123, height: 45 });
    expect(webpSize(lossless)).toEqual({ width: 77, height: 300 });
    expect(webpSize(extended)).toEqual({ width: 256, height: 17 });
    expect(webpSize(lossy.subarray(0, WEBP_HEADER_BYTES))).toEqual({ width: 123, height: 45 });
  });

  it('agrees with sharp for arbitrary dimensions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.boolean(), fc.boolean(), async (w, h, lossless, alpha) => {
        expect(webpSize(await encode(w, h, { lossless, quality: 50, effort: 0 }, alpha))).toEqual({ width: w, height: h });
      }),
      { numRuns: 25 },
    );
  });

  it('returns null for anything that is not a complete WebP header', async () => {
    const real = await encode(10, 10, { quality: 80 });
    expect(webpSize(new Uint8Array(0))).toBeNull();
    expect(webpSize(real.subarray(0, WEBP_HEADER_BYTES - 1))).toBeNull();
    expect(webpSize(new TextEncoder().encode('not a webp, just some caption text here'))).toBeNull();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'red' } }).png().toBuffer();
    expect(webpSize(png)).toBeNull();
    const badStartCode = Uint8Array.from(real);
    badStartCode[23] = 0;
    expect(webpSize(badStartCode)).toBeNull();
  });

  it('never throws on random bytes, even behind a valid RIFF/WEBP prefix', () => {
    const prefix = new TextEncoder().encode('RIFF\0\0\0\0WEBP');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('VP8 ', 'VP8L', 'VP8X', 'ABCD'), (tail, fourcc) => {
        const bytes = new Uint8Array([...prefix, ...new TextEncoder().encode(fourcc), ...tail]);
        const size = webpSize(bytes);
        if (size) expect(size.width > 0 && size.height > 0).toBe(true);
      }),
    );
  });
});
