import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderThumbnail } from '../thumbnails/render.ts';
import { HASH_THUMBNAIL_SIZE } from '../thumbnails/service.ts';
import type { ImageHash } from './image-hash.ts';
import { hashDistance } from './same-images.ts';
import { copyOf, picture, writeFile } from './testing/pictures.ts';

// The hash as lint gets it: from the pixels of the thumbnail job (render.ts), run in-process here.
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-phash-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The default LintSettings.imageDistance. */
const SAME = 6;
const MAX_INPUT_PIXELS = 100_000_000;
let counter = 0;

async function hashOf(bytes: Uint8Array, ext = 'png'): Promise<ImageHash> {
  counter += 1;
  return hashFile(await writeFile(path.join(dir, `img-${counter}.${ext}`), bytes));
}

async function hashFile(src: string, maxInputPixels = MAX_INPUT_PIXELS): Promise<ImageHash> {
  const { hash } = await renderThumbnail({ src, size: HASH_THUMBNAIL_SIZE, maxInputPixels, hash: true });
  return hash ?? expect.fail('the thumbnail job returned no hash');
}

function hex(h: ImageHash): string {
  if (h.kind !== 'phash') throw new Error(`expected a perceptual hash, got a flat image (${h.colour})`);
  return h.hex;
}

describe('hashPixels, in the thumbnail job', () => {
  it('gives resized and re-encoded copies of a picture (nearly) the same hash', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const original = await picture(seed);
      const base = hex(await hashOf(original));
      const copies = [
        await hashOf(await copyOf(original, { scale: 0.5, format: 'jpeg', quality: 50 }), 'jpg'),
        await hashOf(await copyOf(original, { format: 'jpeg', quality: 95 }), 'jpg'),
        await hashOf(await copyOf(original, { scale: 0.4, format: 'webp', quality: 40 }), 'webp'),
        await hashOf(await copyOf(original, { scale: 2, format: 'png' })),
      ];
      const distances = copies.map((c) => hashDistance(base, hex(c)));
      expect({ seed, far: distances.filter((d) => d > SAME) }).toEqual({ seed, far: [] });
    }
  });

  it('keeps different pictures apart', async () => {
    const hashes = await Promise.all(Array.from({ length: 24 }, async (_, i) => hex(await hashOf(await picture(100 + i)))));
    const close: string[] = [];
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const d = hashDistance(hashes[i]!, hashes[j]!);
        if (d <= SAME) close.push(`${i}~${j}: ${d}`);
      }
    }
    expect(close).toEqual([]);
  });

  it('applies EXIF orientation, so a camera-rotated copy is the same picture', async () => {
    const original = await picture(7);
    // Pixels stored turned a quarter to the left, with the tag that tells viewers to turn them back.
    const tagged = await sharp(original).rotate(270).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    const turned = await sharp(original).rotate(270).jpeg({ quality: 90 }).toBuffer();
    const base = hex(await hashOf(original));
    expect(hashDistance(base, hex(await hashOf(tagged, 'jpg')))).toBeLessThanOrEqual(SAME);
    expect(hashDistance(base, hex(await hashOf(turned, 'jpg')))).toBeGreaterThan(SAME);
  });

  it('matches a transparent PNG with its copy flattened onto white, and a 16-bit grey copy with an 8-bit one', async () => {
    const original = await picture(8);
    // A cut-out: a round subject on a transparent background, stored as transparent black as editors do.
    const inside = (i: number) => Math.hypot((i % 256) - 128, Math.floor(i / 256) - 96) < 80;
    const mask = Buffer.alloc(256 * 192);
    for (let i = 0; i < mask.length; i++) mask[i] = inside(i) ? 255 : 0;
    const rgb = await sharp(original).removeAlpha().raw().toBuffer();
    for (let i = 0; i < mask.length; i++) if (!inside(i)) rgb.fill(0, i * 3, i * 3 + 3);
    const cutout = await sharp(rgb, { raw: { width: 256, height: 192, channels: 3 } }).png().toBuffer();
    const transparent = await sharp(cutout)
      .joinChannel(mask, { raw: { width: 256, height: 192, channels: 1 } })
      .png()
      .toBuffer();
    const flattened = await sharp(transparent).flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
    expect(hashDistance(hex(await hashOf(transparent)), hex(await hashOf(flattened, 'jpg')))).toBeLessThanOrEqual(SAME);

    const grey8 = await sharp(original).greyscale().png().toBuffer();
    const grey16 = await sharp(original).greyscale().toColourspace('grey16').png().toBuffer();
    expect((await sharp(grey16).metadata()).depth).toBe('ushort');
    expect(hashDistance(hex(await hashOf(grey8)), hex(await hashOf(grey16)))).toBeLessThanOrEqual(SAME);
  });

  it('compares one-colour images by colour: same colour matches, other colours do not', async () => {
    const solid = (background: string, width = 120) =>
      sharp({ create: { width, height: 80, channels: 3, background } }).png().toBuffer();
    const red = await hashOf(await solid('#d02020'));
    const redCopy = await hashOf(await copyOf(await solid('#d02020', 300), { scale: 0.5, format: 'jpeg', quality: 60 }), 'jpg');
    expect(red).toEqual({ kind: 'flat', colour: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(redCopy).toEqual(red);
    const others = await Promise.all(['#20d020', '#000000', '#ffffff', '#2020d0'].map(async (c) => hashOf(await solid(c))));
    expect(new Set([red, ...others].map((h) => JSON.stringify(h))).size).toBe(5);
  });

  it('classifies images it cannot read', async () => {
    const good = await picture(9);
    const truncated = await writeFile(path.join(dir, 'cut.png'), good.subarray(0, Math.floor(good.length / 2)));
    const text = await writeFile(path.join(dir, 'notes.png'), Buffer.from('not an image at all'));
    const big = await writeFile(path.join(dir, 'big.png'), await sharp({ create: { width: 2000, height: 1500, channels: 3, background: 'white' } }).png().toBuffer());

    const failure = async (src: string, maxInputPixels = MAX_INPUT_PIXELS) =>
      hashFile(src, maxInputPixels).then(
        () => expect.fail(`${path.basename(src)} hashed`),
        (e: { kind: string; message: string }) => ({ kind: e.kind, message: e.message }),
      );
    expect((await failure(truncated)).kind).toBe('corrupt-image');
    expect(await failure(text)).toEqual({ kind: 'corrupt-image', message: 'notes.png: not a recognised image format' });
    expect(await failure(path.join(dir, 'gone.png'))).toEqual({ kind: 'not-found', message: 'gone.png: file not found' });
    expect(await failure(big, 1_000_000)).toEqual({ kind: 'too-large', message: 'big.png: 2000x1500 image exceeds the 1 MP input limit' });
  });
});
