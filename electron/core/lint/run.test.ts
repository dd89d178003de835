import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { tempTrees } from '../dataset/test-fixtures.ts';
import { runLint } from './run.ts';
import { copyOf, picture } from './testing/pictures.ts';

const tree = tempTrees();
const BROKEN = new URL('./testing/broken-worker.mjs', import.meta.url);
let files: Record<string, string | Uint8Array>;

beforeAll(async () => {
  const a = await picture(21);
  files = {
    'a.png': a,
    'a.txt': 'ohwx, 1girl, standing, low angle, full body, red dress. She stands in a field.',
    'b.jpg': await copyOf(a, { scale: 0.5, format: 'jpeg', quality: 70 }),
    'b.txt': 'ohwx, 1girl, sitting, high angle, upper body, blue coat. She sits on a bench.',
    'c.png': await picture(22),
    'c.txt': 'ohwx, 1girl, standing, low angle, full body, red dress. She stands in a field.',
    'broken.png': a.subarray(0, 100),
  };
});

async function open(): Promise<{ dataset: Dataset; cacheDir: string }> {
  const root = tree(files);
  const dataset = await Dataset.open(root);
  // Its own temp tree, so the cache is outside the dataset and removed after the test.
  return { dataset, cacheDir: path.join(tree(), 'hashes') };
}

describe('runLint', () => {
  it('lints captions and pictures, and says which images it could not read', async () => {
    const { dataset, cacheDir } = await open();
    await dataset.updateSettings({ triggerWords: ['ohwx'], sentences: 1 });
    const warnings: string[] = [];
    const report = await runLint(dataset, { images: true, cacheDir, onWarning: (w) => warnings.push(w) });

    expect(report.imageHashes).toBe('done');
    expect(report.findings.find((f) => f.rule === 'identical')?.images).toEqual(['a.png', 'c.png']);
    expect(report.findings.find((f) => f.rule === 'duplicate-image')?.images).toEqual(['a.png', 'b.jpg']);
    expect(report.summary.images).toBe(4);
    expect(Number.isInteger(report.durationMs)).toBe(true);
    expect(warnings.filter((w) => !w.startsWith('CLIP vocabulary'))).toEqual([
      expect.stringMatching(/^1 image\(s\) could not be read and were not compared: broken\.png: image data is corrupt/),
    ]);
    // One hash file for the dataset; the thumbnails the hashes came from sit beside it.
    expect(fs.readdirSync(cacheDir).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.json$/), 'thumbnails']);
  });

  it('still lints the captions when hashing fails, and reports imageHashes failed', async () => {
    const { dataset, cacheDir } = await open();
    const warnings: string[] = [];
    const report = await runLint(dataset, { images: true, cacheDir, onWarning: (w) => warnings.push(w), hashing: { workerEntry: BROKEN, concurrency: 1 } });
    expect(report.imageHashes).toBe('failed');
    expect(report.findings.find((f) => f.rule === 'identical')?.images).toEqual(['a.png', 'c.png']);
    expect(warnings).toContain('duplicate pictures not fully checked: image hashes worker crashed: entry failed to load: native binding missing');
  });

  it('hashes nothing with images: false', async () => {
    const { dataset, cacheDir } = await open();
    const report = await runLint(dataset, { images: false, cacheDir, hashing: { workerEntry: BROKEN } });
    expect(report.imageHashes).toBe('off');
    expect(report.counts['duplicate-image']).toBe(0);
    expect(fs.existsSync(cacheDir)).toBe(false);
  });

  it('runs only the rules asked for, even one the dataset disables', async () => {
    const { dataset, cacheDir } = await open();
    await dataset.updateSettings({ lint: { ...dataset.settings().lint, disabled: ['identical'] } });
    const report = await runLint(dataset, { images: true, cacheDir, rules: ['identical'], hashing: { workerEntry: BROKEN } });
    expect(report.findings.map((f) => f.rule)).toEqual(['identical']);
    expect(report.counts).toMatchObject({ identical: 2, 'trigger-missing': 0, 'duplicate-image': 0 });
    expect(report.imageHashes).toBe('off');
  });
});
