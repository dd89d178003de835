import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { JobError } from '../workers/protocol.ts';
import { padToWhiteSquare, preprocessImage, preprocessInto } from './preprocess.ts';
import { writeCorrupt, writeSolid } from './testing/fixtures.ts';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-preprocess-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** [B, G, R] at (x, y) of an HWC tensor of side `size`. */
function px(t: Float32Array, size: number, x: number, y: number): number[] {
  const i = (y * size + x) * 3;
  return [t[i]!, t[i + 1]!, t[i + 2]!];
}

async function thrown(p: Promise<unknown>): Promise<JobError> {
  try {
    await p;
  } catch (e) {
    return e as JobError;
  }
  throw new Error('expected a rejection');
}

describe('preprocessImage', () => {
  it('gives float32 BGR in 0-255: a red image is [0, 0, 255] everywhere', async () => {
    const t = await preprocessImage(await writeSolid(path.join(dir, 'red.png'), 'red', 50, 50), 32);
    expect(t).toBeInstanceOf(Float32Array);
    expect(t).toHaveLength(32 * 32 * 3);
    for (let i = 0; i < 32 * 32; i++) expect([t[i * 3], t[i * 3 + 1], t[i * 3 + 2]]).toEqual([0, 0, 255]);
  });

  it('composites transparency onto white', async () => {
    const file = path.join(dir, 'alpha.png');
    const clear = sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } });
    await clear.png().toFile(file);
    const t = await preprocessImage(file, 16);
    expect(t.every((v) => v === 255)).toBe(true);

    const half = path.join(dir, 'half.png');
    await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toFile(half);
    const [b, g, r] = px(await preprocessImage(half, 16), 16, 8, 8);
    expect(r).toBe(255);
    expect(b).toBeCloseTo(127.5, -0.5);
    expect(g).toBeCloseTo(127.5, -0.5);
  });

  it('pads a 2:1 image with equal white bands above and below', async () => {
    const size = 64;
    const t = await preprocessImage(await writeSolid(path.join(dir, 'wide.png'), 'red', 256, 128), size);
    expect(px(t, size, 32, 4)).toEqual([255, 255, 255]);
    expect(px(t, size, 32, 32)).toEqual([0, 0, 255]);
    expect(px(t, size, 32, 59)).toEqual([255, 255, 255]);
    expect(px(t, size, 0, 32)).toEqual([0, 0, 255]);
    // Mirror-symmetric top to bottom: the image sits in the middle.
    for (let y = 0; y < size; y++) expect(px(t, size, 10, y)).toEqual(px(t, size, 10, size - 1 - y));
    // Blue is 255 in white and 0 in red; the boundary rows blend, so count the rows that are mostly white.
    const whiteRows = Array.from({ length: size }, (_, y) => px(t, size, 20, y)[0]! > 127).filter(Boolean).length;
    expect(whiteRows).toBe(32);
  });

  it('puts the odd pixel of padding at the bottom, as the reference `(max - h) // 2` does', async () => {
    // 10x7 at size 10: no resize, so the rows can be read exactly. Padding 3 = 1 above + 2 below.
    const t = await preprocessImage(await writeSolid(path.join(dir, 'odd.png'), 'blue', 10, 7), 10);
    const column = Array.from({ length: 10 }, (_, y) => (px(t, 10, 5, y)[2] === 255 ? 'w' : 'b')).join('');
    expect(column).toBe('wbbbbbbbww');
  });

  it('upscales small images around pixel centres (no half-pixel shift)', async () => {
    // Left half red, right half blue, 32 px -> 64 px: the edge must sit exactly in the middle.
    const file = path.join(dir, 'split.png');
    const blue = await sharp({ create: { width: 16, height: 32, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toBuffer();
    await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .composite([{ input: blue, left: 16, top: 0 }]).png().toFile(file);
    const t = await preprocessImage(file, 64);
    for (let x = 0; x < 32; x++) {
      const [, , red] = px(t, 64, x, 20);
      const [blueMirror] = px(t, 64, 63 - x, 20);
      expect(Math.abs(red! - blueMirror!), `column ${x}`).toBeLessThanOrEqual(1);
    }
  });

  it('ignores EXIF orientation, like the PIL-based reference and the trainers', async () => {
    const file = path.join(dir, 'rotated.jpg');
    await sharp({ create: { width: 128, height: 64, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(file);
    const t = await preprocessImage(file, 64);
    // Stored landscape: white bands top and bottom, not left and right.
    expect(px(t, 64, 32, 2)).toEqual([255, 255, 255]);
    expect(px(t, 64, 2, 32)[2]).toBeGreaterThan(250);
    expect(px(t, 64, 2, 32)[0]).toBeLessThan(5);
  });

  it('turns greyscale into three equal channels', async () => {
    const file = path.join(dir, 'grey.png');
    await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 90, g: 90, b: 90 } } }).greyscale().png().toFile(file);
    expect(px(await preprocessImage(file, 8), 8, 4, 4)).toEqual([90, 90, 90]);
  });

  it('refuses a corrupt file with a one-line error naming it', async () => {
    const error = await thrown(preprocessImage(await writeCorrupt(path.join(dir, 'broken.png')), 16));
    expect(error.kind).toBe('corrupt-image');
    expect(error.message).toMatch(/^broken\.png: /);
    expect(error.message).not.toContain('\n');

    const text = path.join(dir, 'notes.jpg');
    await fs.writeFile(text, 'not an image at all');
    expect(await thrown(preprocessImage(text, 16))).toMatchObject({ kind: 'corrupt-image', message: 'notes.jpg: not a recognised image format' });
    expect(await thrown(preprocessImage(path.join(dir, 'missing.png'), 16))).toMatchObject({ kind: 'not-found', message: 'missing.png: file not found' });
  });

  it('refuses images over the pixel limit before decoding them', async () => {
    const file = await writeSolid(path.join(dir, 'big.png'), 'green', 300, 200);
    expect(await thrown(preprocessImage(file, 16, { maxInputPixels: 10_000 }))).toMatchObject({
      kind: 'too-large',
      message: 'big.png: 300x200 image exceeds the 0 MP input limit',
    });
  });
});

describe('preprocessInto', () => {
  it('fills one image slot of a batch tensor and leaves the others alone', async () => {
    const size = 8;
    const batch = new Float32Array(3 * size * size * 3).fill(-1);
    await preprocessInto(await writeSolid(path.join(dir, 'g.png'), 'green', 20, 20), size, batch, 1);
    const per = size * size * 3;
    expect(batch.subarray(0, per).every((v) => v === -1)).toBe(true);
    expect(Array.from(batch.subarray(per, per + 3))).toEqual([0, 255, 0]);
    expect(batch.subarray(per, 2 * per).every((v) => v === 0 || v === 255)).toBe(true);
    expect(batch.subarray(2 * per).every((v) => v === -1)).toBe(true);
    await expect(preprocessInto(path.join(dir, 'g.png'), size, batch, 3)).rejects.toThrow(RangeError);
  });
});

describe('padToWhiteSquare', () => {
  it('returns a square image unchanged and centres a tall one horizontally', () => {
    const square = Buffer.alloc(2 * 2 * 3, 7);
    expect(padToWhiteSquare(square, 2, 2)).toBe(square);
    const tall = padToWhiteSquare(Buffer.alloc(1 * 3 * 3, 0), 1, 3);
    const row = (y: number) => Array.from(tall.subarray(y * 9, y * 9 + 9));
    for (let y = 0; y < 3; y++) expect(row(y)).toEqual([255, 255, 255, 0, 0, 0, 255, 255, 255]);
  });
});
