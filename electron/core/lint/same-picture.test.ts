import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderThumbnail } from '../thumbnails/render.ts';
import { HASH_THUMBNAIL_SIZE } from '../thumbnails/service.ts';
import type { ImageHash } from './image-hash.ts';
import { groupSameImages, hashDistance } from './same-images.ts';
import { copyOf, layoutPicture, picture, writeFile, type CopyOptions, type Layout } from './testing/pictures.ts';

// "Same picture" end to end on pictures sharp makes here: the real decode, hash and colour grid,
// then the grouping the duplicate-image rule reads. The hash is lint's: of the 256 px WebP thumbnail
// rendered in the same job (lossy, so these thresholds are checked against it, not the full image).

/** The default LintSettings.imageDistance. */
const SAME = 6;
let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-same-picture-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function hashOf(bytes: Uint8Array, ext = 'png'): Promise<ImageHash> {
  counter += 1;
  const src = await writeFile(path.join(dir, `img-${counter}.${ext}`), bytes);
  const { hash } = await renderThumbnail({ src, size: HASH_THUMBNAIL_SIZE, maxInputPixels: 100_000_000, hash: true });
  return hash ?? expect.fail('renderThumbnail returned no hash');
}

const hexOf = (h: ImageHash): string => (h.kind === 'phash' ? h.hex : expect.fail(`expected a perceptual hash, got a flat image (${h.colour})`));

/** Whether the lint would call the two the same picture. */
const grouped = (a: ImageHash, b: ImageHash): boolean => groupSameImages(new Map([['a', a], ['b', b]]), SAME).length === 1;

const COPIES: [string, CopyOptions, string][] = [
  ['half size, JPEG 50', { scale: 0.5, format: 'jpeg', quality: 50 }, 'jpg'],
  ['same size, JPEG 20', { format: 'jpeg', quality: 20 }, 'jpg'],
  ['JPEG 95', { format: 'jpeg', quality: 95 }, 'jpg'],
  ['40% size, WebP 40', { scale: 0.4, format: 'webp', quality: 40 }, 'webp'],
  ['double size PNG', { scale: 2, format: 'png' }, 'png'],
  ['30% size, JPEG 10', { scale: 0.3, format: 'jpeg', quality: 10 }, 'jpg'],
];

describe('same picture: resized and re-encoded copies still are', () => {
  it('for photo-like pictures', async () => {
    for (const seed of [1, 2, 3]) {
      const original = await picture(seed);
      const base = await hashOf(original);
      const apart: string[] = [];
      for (const [name, opts, ext] of COPIES) if (!grouped(base, await hashOf(await copyOf(original, opts), ext))) apart.push(name);
      expect({ seed, apart }).toEqual({ seed, apart: [] });
    }
  });

  it('for a flat-coloured layout', async () => {
    const original = await layoutPicture({ fg: '#c03030', bg: '#f0f0f0' });
    const base = await hashOf(original);
    const apart: string[] = [];
    // JPEG 10 at 30% rings around the sharp edges enough to move the hash itself 7 bits: not the colours' doing.
    for (const [name, opts, ext] of COPIES.slice(0, -1)) if (!grouped(base, await hashOf(await copyOf(original, opts), ext))) apart.push(name);
    expect(apart).toEqual([]);
  });
});

describe('same picture: pictures sharing a layout are not', () => {
  const base: Layout = { fg: '#c03030', bg: '#f0f0f0' };
  const variants: [string, Layout][] = [
    ['recoloured blue', { ...base, fg: '#3050c0' }],
    ['recoloured green on yellow', { fg: '#30a030', bg: '#f0f0a0' }],
    ['smaller subject', { ...base, radius: 50 }],
    ['wider canvas', { ...base, width: 300 }],
  ];

  it('even where the perceptual hash alone matches them', async () => {
    const original = await hashOf(await layoutPicture(base));
    const rows: string[] = [];
    for (const [name, layout] of variants) {
      const variant = await hashOf(await layoutPicture(layout));
      // The test would prove nothing if the hash already told them apart.
      expect({ name, distance: hashDistance(hexOf(original), hexOf(variant)) <= SAME }).toEqual({ name, distance: true });
      if (grouped(original, variant)) rows.push(name);
    }
    expect(rows).toEqual([]);
  });

  it('not even through a re-encoded copy of each', async () => {
    const hashes = new Map<string, ImageHash>();
    for (const [name, layout] of [['original', base] as const, ...variants]) {
      const bytes = await layoutPicture(layout);
      hashes.set(name, await hashOf(bytes));
      hashes.set(`${name} copy`, await hashOf(await copyOf(bytes, { scale: 0.5, format: 'jpeg', quality: 60 }), 'jpg'));
    }
    expect(groupSameImages(hashes, SAME)).toEqual([['original', 'original copy'], ...variants.map(([name]) => [name, `${name} copy`])]);
  });
});
