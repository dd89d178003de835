import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { tempTrees } from '../dataset/test-fixtures.ts';
import { readImageGeometry } from './image-geometry.ts';
import { checkTrainer } from './trainer-check.ts';

const tree = tempTrees();

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3080c0' } });

/** A 24-bit BMP (libvips cannot read BMP; kohya and OneTrainer do): 54-byte header, rows padded to 4 bytes. */
function bmp(width: number, height: number, topDown = false): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + row * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  return buf;
}

let PNG_300x200: Buffer;
let JPG_TURNED: Buffer; // stored 400 × 300, EXIF orientation 6: shown 300 × 400
let WEBP_1024: Buffer;
let PNG_1024: Buffer;

beforeAll(async () => {
  PNG_300x200 = await solid(300, 200).png().toBuffer();
  JPG_TURNED = await solid(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  WEBP_1024 = await solid(1024, 1024).webp().toBuffer();
  PNG_1024 = await solid(1024, 1024).png().toBuffer();
});

describe('readImageGeometry', () => {
  it('reads the stored size and the EXIF orientation from the header, and one line per unreadable image', async () => {
    const root = tree({
      'a.png': PNG_300x200,
      'sub/turned.jpg': JPG_TURNED,
      'c.webp': WEBP_1024,
      'old.bmp': bmp(3, 2, true),
      'corrupt.png': Buffer.from('this is not a picture'),
      'cut.png': PNG_300x200.subarray(0, 20),
      'fake.bmp': Buffer.from('BMnot really'),
    });
    const r = await readImageGeometry(root, ['a.png', 'sub/turned.jpg', 'corrupt.png', 'c.webp', 'old.bmp', 'missing.png', 'cut.png', 'fake.bmp']);
    expect(r.images).toEqual([
      { image: 'a.png', width: 300, height: 200 },
      { image: 'sub/turned.jpg', width: 400, height: 300, orientation: 6 },
      { image: 'c.webp', width: 1024, height: 1024 },
      { image: 'old.bmp', width: 3, height: 2 },
    ]);
    expect(r.unreadable).toEqual([
      { image: 'corrupt.png', reason: 'not a recognised image format' },
      { image: 'missing.png', reason: 'file not found' },
      { image: 'cut.png', reason: expect.stringMatching(/^image data is corrupt or truncated \(.+\)$/) },
      { image: 'fake.bmp', reason: 'not a recognised image format' },
    ]);
    for (const u of r.unreadable) expect(u.reason).not.toContain('\n');
  });

  it('reads a header again only when the file changed', async () => {
    const root = tree({ 'a.png': PNG_300x200 });
    expect((await readImageGeometry(root, ['a.png'])).images).toEqual([{ image: 'a.png', width: 300, height: 200 }]);
    // Replaced by another picture (new size on disk): the new header is read, not the remembered one.
    fs.writeFileSync(path.join(root, 'a.png'), PNG_1024);
    expect((await readImageGeometry(root, ['a.png'])).images).toEqual([{ image: 'a.png', width: 1024, height: 1024 }]);
    // Unchanged: the same answer, under the name it is asked for.
    expect((await readImageGeometry(root, ['a.png'])).images).toEqual([{ image: 'a.png', width: 1024, height: 1024 }]);
  });

  it('keeps the order asked for with many images in flight', async () => {
    const files: Record<string, Buffer> = {};
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      const name = `img-${String(59 - i).padStart(2, '0')}.${i % 3 === 0 ? 'bmp' : 'png'}`;
      files[name] = i % 3 === 0 ? bmp(10 + i, 5) : PNG_300x200;
      names.push(name);
    }
    const r = await readImageGeometry(tree(files), names, { concurrency: 7 });
    expect(r.images.map((g) => g.image)).toEqual(names);
    expect(r.images[3]).toEqual({ image: names[3], width: 13, height: 5 });
  });
});

describe('checkTrainer images', () => {
  it('tables the buckets of the images the trainer loads and names the images behind each finding', async () => {
    const root = tree({
      'a.png': PNG_1024, 'a.txt': 'ohwx, a',
      'b.png': PNG_1024, 'b.txt': 'ohwx, b',
      'small.png': PNG_300x200, 'small.txt': 'ohwx, small',
      'turned.jpg': JPG_TURNED, 'turned.txt': 'ohwx, turned',
      'broken.png': Buffer.from('not a picture'), 'broken.txt': 'ohwx, broken',
      'anim.gif': PNG_300x200, // kohya does not load .gif: neither measured nor bucketed
    });
    const ds = await Dataset.open(root);
    const r = await checkTrainer(ds, 'kohya', { resolution: 1024, batchSize: 2 });
    expect(r.geometry).toMatchObject({ resolution: 1024, resolutions: [1024], batchSize: 2, unreadable: [{ image: 'broken.png', reason: 'not a recognised image format' }] });
    // 300x200 (1.5) → 1216x832; turned.jpg is bucketed as stored, 400x300 (1.33) → 1152x896.
    expect(r.geometry.buckets.map((b) => `${b.width}x${b.height}: ${b.images.join(', ')}`)).toEqual(['1024x1024: a.png, b.png', '1152x896: turned.jpg', '1216x832: small.png']);
    expect(r.geometry.images.map((i) => i.image)).not.toContain('anim.gif');
    const byKind = Object.fromEntries(r.findings.map((f) => [f.kind, { severity: f.severity, images: f.images }]));
    expect(byKind).toEqual({
      'unreadable-image': { severity: 'blocker', images: ['broken.png'] },
      'exif-rotated': { severity: 'warning', images: ['turned.jpg'] },
      'smaller-than-resolution': { severity: 'warning', images: ['small.png', 'turned.jpg'] },
      'bucket-below-batch': { severity: 'warning', images: ['small.png', 'turned.jpg'] },
      'skipped-format': { severity: 'warning', images: ['anim.gif'] },
    });
    expect(r.findings.find((f) => f.kind === 'smaller-than-resolution')!.message).toContain('×4.16 (small.png: 300×200 to 1248×832)');

    // OneTrainer turns the photo upright (300x400) before bucketing, and nothing about it is rotated.
    const one = await checkTrainer(ds, 'onetrainer', { resolution: 512 });
    expect(one.geometry.images.find((i) => i.image === 'turned.jpg')!.bucket).toEqual({ width: 448, height: 576 });
    expect(one.findings.map((f) => f.kind)).not.toContain('exif-rotated');
    expect(one.geometry.images.map((i) => i.image)).not.toContain('anim.gif');
  });

  it('defaults to 1024 and batch size 1: 1024² images give no image finding', async () => {
    const ds = await Dataset.open(tree({ 'a.png': PNG_1024, 'a.txt': 'ohwx, a' }));
    const r = await checkTrainer(ds, 'ai-toolkit');
    expect(r.findings).toEqual([]);
    expect(r.geometry.buckets.map((b) => `${b.resolution} ${b.width}x${b.height} ${b.images.length}`)).toEqual(['512 512x512 1', '768 768x768 1', '1024 1024x1024 1']);
  });
});
