import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagsmith } from './helpers/cli.ts';
import { writeTree } from './helpers/dataset-fixture.ts';

// `tagsmith check` end to end: the real CLI as a process on small in-place datasets.
let work: string;
let seq = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-check-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const SETTINGS = { '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }) };

async function dataset(files: Record<string, string | Uint8Array>): Promise<string> {
  seq += 1;
  return writeTree(join(work, `set-${seq}`), { ...SETTINGS, ...files });
}

// The check reads each image's header for its size (the buckets): a real 1024×1024 PNG, which fits
// the default resolution exactly, so no image finding shows unless a test asks for one.
let IMG: Buffer;
beforeAll(async () => {
  IMG = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080' } }).png().toBuffer();
});

describe('tagsmith check', () => {
  it('passes a clean dataset (exit 0) for every trainer', async () => {
    const root = await dataset({ 'a.png': IMG, 'a.txt': 'ohwx, 1girl\n', 'sub/b.jpg': IMG, 'sub/b.txt': 'ohwx, A woman, smiling.\n' });
    for (const trainer of ['kohya', 'ai-toolkit', 'onetrainer']) {
      const r = await tagsmith(['check', root, '--trainer', trainer]);
      expect({ trainer, code: r.code, stderr: r.stderr }).toEqual({ trainer, code: 0, stderr: '' });
      expect(r.stdout).toMatch(/loads 2 images: 2 with a caption, 0 uncaptioned; 0 skipped/);
      expect(r.stdout).toContain('no findings');
    }
  });

  it('names the blockers of a defective dataset and exits 1', async () => {
    const root = await dataset({
      'a.png': IMG,
      'a.txt': 'ohwx, 1girl\nline two\n',
      'empty.png': IMG,
      'empty.txt': '',
      'latin1.jpg': IMG,
      'latin1.txt': Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), // "café" in Latin-1
      'bom.png': IMG,
      'bom.txt': '\uFEFFohwx, smile\n',
      'upper.Png': IMG,
      'anim.gif': IMG,
      'none.png': IMG,
    });
    const r = await tagsmith(['check', root, '--trainer', 'kohya']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/loads 5 images: 4 with a caption, 1 uncaptioned; 2 skipped/);
    expect(r.stdout).toMatch(/blockers \(training stops\)\n {2}caption-file-empty: .*\n {4}empty\.png\n {2}not-utf8: .*\n {4}latin1\.jpg/);
    expect(r.stdout).toMatch(/bom: .*\n {4}bom\.png/);
    // Not every caption here starts with ohwx (empty.txt), so Tagsmith's dataset.toml writes no class_tokens.
    expect(r.stdout).toMatch(/uncaptioned: .*an empty caption \(no class_tokens\).*\n {4}none\.png/);
    expect(r.stderr).toContain('kohya sd-scripts would stop: caption-file-empty (empty.png); not-utf8 (latin1.jpg)');

    const json = await tagsmith(['check', root, '--trainer', 'ai-toolkit', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { counts: object; images: Array<{ image: string; trained: string[] }> };
    expect(report.counts).toEqual({ loaded: 6, captioned: 4, uncaptioned: 2, skipped: 1 });
    const trained = Object.fromEntries(report.images.map((i) => [i.image, i.trained]));
    expect(trained).toMatchObject({ 'a.png': ['ohwx,  1girl\nline two\n'], 'empty.png': ['ohwx '], 'latin1.jpg': [], 'none.png': ['ohwx '] });

    // OneTrainer stops on the Latin-1 caption too (mgds raises "non-UTF-8 characters").
    const one = await tagsmith(['check', root, '--trainer', 'onetrainer']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('OneTrainer would stop: not-utf8 (latin1.jpg)');
    expect(one.stdout).toMatch(/extra-lines: .*\n {4}a\.png/);
  });

  it('shows that OneTrainer ignores .caption files', async () => {
    const root = await dataset({ '.tagsmith/settings.json': JSON.stringify({ version: 1, captionExtension: '.caption' }), 'a.png': IMG, 'a.caption': 'ohwx, a\n' });
    const r = await tagsmith(['check', root, '--trainer', 'onetrainer']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/loads 1 image: 0 with a caption, 1 uncaptioned/);
    expect(r.stdout).toContain('.caption caption files are ignored: OneTrainer reads only <image>.txt');
  });

  it('exits 2 on usage errors', async () => {
    const root = await dataset({ 'a.png': IMG, 'a.txt': 'ohwx' });
    expect((await tagsmith(['check', root])).code).toBe(2);
    expect((await tagsmith(['check', root, '--trainer', 'dreambooth'])).code).toBe(2);
    for (const args of [['--trainer', 'onetrainer', '--train-data-dir'], ['--trainer', 'kohya', '--train-data-dir', '--root-only']]) {
      const r = await tagsmith(['check', root, ...args]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
    }
  });

  it("checks kohya's --train_data_dir layout: only <repeats>_<class> folders, uncaptioned images on the folder's class", async () => {
    const root = await dataset({ 'stray.png': IMG, 'stray.txt': 'ohwx', '10_ohwx woman/a.png': IMG, '10_ohwx woman/b.png': IMG, '10_ohwx woman/b.txt': 'ohwx, b' });
    const r = await tagsmith(['check', root, '--trainer', 'kohya', '--train-data-dir', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { counts: object; images: Array<{ image: string; skipped: string | null; trained: string[] }> };
    expect(report.counts).toEqual({ loaded: 2, captioned: 1, uncaptioned: 1, skipped: 1 });
    expect(report.images.map((i) => [i.image, i.skipped ?? i.trained])).toEqual([
      ['10_ohwx woman/a.png', ['ohwx woman']],
      ['10_ohwx woman/b.png', ['ohwx, b']],
      ['stray.png', 'in the folder itself: with --train_data_dir kohya reads only its <repeats>_<class> subfolders'],
    ]);
  });
});
