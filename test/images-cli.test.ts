import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagsmith } from './helpers/cli.ts';

// Image geometry end to end: `tagsmith check --resolution --batch-size` and `tagsmith stats --images`,
// the real CLI as a process on folders of real (small, solid-colour) images.
let root: string;
let work: string;

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#c04040' } });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-images-cli-'));
  root = join(work, 'set');
  const files: Record<string, string | Buffer> = {
    '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }),
    'sq1.png': await solid(1024, 1024).png().toBuffer(),
    'sq2.png': await solid(1024, 1024).png().toBuffer(),
    'sq3.png': await solid(1024, 1024).png().toBuffer(),
    'wide.png': await solid(1216, 832).png().toBuffer(),
    'small.jpg': await solid(500, 300).jpeg().toBuffer(),
    'photo.jpg': await solid(1200, 900).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    'broken.png': 'not a picture',
  };
  for (const name of ['sq1', 'sq2', 'sq3', 'wide', 'small', 'photo', 'broken']) files[`${name}.txt`] = `ohwx, ${name}\n`;
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), content);
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('tagsmith check: images', () => {
  it('prints the bucket table and the image findings, and a corrupt image stops kohya', async () => {
    const r = await tagsmith(['check', root, '--trainer', 'kohya', '--resolution', '1024', '--batch-size', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kohya sd-scripts would stop: unreadable-image (broken.png)');
    // 1200x900 is bucketed as stored (4:3 → 1152x896): kohya ignores the orientation tag.
    expect(r.stdout).toMatch(
      /aspect-ratio buckets at 1024 \(6 images measured, batch size 2\):\n {2}1024×1024 +3 +█+\n {2}1152×896 +1 +█+ +< batch size 2\n {2}1216×832 +1 +█+ +< batch size 2\n {2}1280×768 +1 +█+ +< batch size 2\n/,
    );
    expect(r.stdout).toMatch(/unreadable images:\n {2}broken\.png: not a recognised image format/);
    expect(r.stdout).toMatch(/blockers \(training stops\)\n {2}unreadable-image: kohya stops: .*\n {4}broken\.png/);
    expect(r.stdout).toMatch(/exif-rotated: kohya ignores the EXIF orientation tag.*\n {4}photo\.jpg/);
    // The photo (1200x900 into 1152x896) is scaled down, a hair: only small.jpg is upscaled.
    expect(r.stdout).toMatch(/smaller-than-resolution: .*by up to ×2\.56 \(small\.jpg: 500×300 to 1280×768\).*\n {4}small\.jpg\n/);
    expect(r.stdout).toMatch(/bucket-below-batch: .*batch size 2 .*\n {4}photo\.jpg, small\.jpg, wide\.png/);
  });

  it('puts the buckets in --json, per resolution for ai-toolkit, with the photo upright', async () => {
    const r = await tagsmith(['check', root, '--trainer', 'ai-toolkit', '--json', '--resolution', '768']);
    expect(r.code).toBe(0); // ai-toolkit skips the unreadable image and trains the rest
    const check = JSON.parse(r.stdout) as { geometry: { resolutions: number[]; buckets: Array<{ resolution: number; width: number; height: number; images: string[] }> }; findings: Array<{ kind: string; severity: string }> };
    expect(check.geometry.resolutions).toEqual([512, 768]);
    const photo = check.geometry.buckets.filter((b) => b.images.includes('photo.jpg')).map((b) => `${b.resolution}:${b.width}x${b.height}`);
    // ai-toolkit's step for SD 1.5 / SDXL is 16 px (its own get_bucket_for_image_size gives these).
    expect(photo).toEqual(['512:448x576', '768:656x896']);
    expect(check.findings).toContainEqual(expect.objectContaining({ kind: 'unreadable-image', severity: 'warning' }));
    expect(check.findings.map((f) => f.kind)).not.toContain('exif-rotated');
  });

  it('refuses a resolution or batch size out of range (exit 2)', async () => {
    for (const args of [['--resolution', '32'], ['--resolution', '1e3'], ['--batch-size', '0'], ['--batch-size', 'two']]) {
      const r = await tagsmith(['check', root, '--trainer', 'kohya', ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/expected a whole number from \d+ to \d+/);
    }
  });
});

describe('tagsmith stats --images', () => {
  it('prints sizes, histograms, EXIF-rotated photos and kohya buckets', async () => {
    const r = await tagsmith(['stats', root, '--images', '--resolution', '512']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}measured {9}6$/m);
    expect(r.stdout).toMatch(/^ {2}unreadable {7}1$/m);
    // Shown sizes: the photo is 900 wide and 1200 tall once turned.
    expect(r.stdout).toMatch(/^ {2}width {12}500-1216 px$/m);
    expect(r.stdout).toMatch(/^ {2}height {11}300-1200 px$/m);
    expect(r.stdout).toMatch(/^ {2}EXIF-rotated {5}1 .*\n {4}photo\.jpg$/m);
    expect(r.stdout).toMatch(/aspect ratio \(width:height, as shown\)\n {2}3:4 +1 +█+\n {2}4:5 +0\n {2}1:1 +3 +█{40}\n {2}5:4 +0\n {2}4:3 +0\n {2}3:2 +1 +█+\n {2}16:9 +1 +█+\n/);
    expect(r.stdout).toMatch(/megapixels\n {2}<0\.25 MP +1 +█+\n {2}0\.25-0\.5 MP +0\n {2}0\.5-1 MP +0\n {2}1-2 MP +5 +█{40}\n/);
    // As stored: 1216x832 (1.46) and the photo 1200x900 (1.33) are both nearest 576x448 (1.29) at 512.
    expect(r.stdout).toMatch(/kohya buckets at 512\n {2}512×512 +3 +█{40}\n {2}576×448 +2 +█+\n {2}640×384 +1 +█+\n/);
    expect(r.stdout).toMatch(/unreadable images\n {2}broken\.png: not a recognised image format/);
  });

  it('puts the same numbers in --json, and nothing without --images', async () => {
    const s = JSON.parse((await tagsmith(['stats', root, '--images', '--json'])).stdout);
    expect(s.images).toBe(7); // the dataset's own count is unchanged
    expect(s.imageStats).toMatchObject({ images: 6, exifRotated: ['photo.jpg'], kohyaBuckets: { resolution: 1024 }, unreadable: [{ image: 'broken.png' }] });
    expect(s.imageStats.megapixelHistogram.at(-1)).toEqual({ label: '≥16 MP', from: 16, to: null, count: 0 });
    const plain = JSON.parse((await tagsmith(['stats', root, '--json'])).stdout);
    expect(plain.imageStats).toBeUndefined();
  });
});
