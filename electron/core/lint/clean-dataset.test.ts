import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TRIGGER, variedDataset } from '../../../shared/lint/testing/generated-captions.ts';
import { LEGACY_SAVED_LINT } from '../../../shared/lint/testing/legacy-settings.ts';
import { Dataset } from '../dataset/dataset.ts';
import { tempTrees } from '../dataset/test-fixtures.ts';
import { runLint } from './run.ts';
import { layoutPicture, picture } from './testing/pictures.ts';

// Precision through the whole lint (captions, then every picture decoded and hashed in workers):
// what used to flag nearly every image of a clean set, and of the bundled sample, flags nothing.

const tree = tempTrees();
const SAMPLE = fileURLToPath(new URL('../../../sample', import.meta.url));

async function lint(root: string) {
  const dataset = await Dataset.open(root);
  const report = await runLint(dataset, { images: true, cacheDir: path.join(tree(), 'hashes'), hashing: { concurrency: 1 } });
  return { ...report, settings: dataset.settings() };
}

describe('runLint on clean datasets', () => {
  it('finds nothing in varied captions over different pictures, four of them one layout in other colours', async () => {
    const captions = variedDataset(12, 11, { groups: false });
    const layouts = [['#c03030', '#f0f0f0'], ['#3050c0', '#f0f0f0'], ['#30a030', '#f0f0a0'], ['#f0f0f0', '#202020']] as const;
    const files: Record<string, string | Uint8Array> = { '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: [TRIGGER] }) };
    for (let i = 0; i < captions.length; i++) {
      const [fg, bg] = layouts[i - 8] ?? [];
      files[`img_${i}.png`] = fg && bg ? await layoutPicture({ fg, bg }) : await picture(300 + i);
      files[`img_${i}.txt`] = captions[i]!.caption!;
    }
    const report = await lint(tree(files));
    expect(report.imageHashes).toBe('done');
    expect(report.findings).toEqual([]);
  });

  it('on the bundled sample, reports only the image that has no caption', async () => {
    const root = tree();
    fs.cpSync(SAMPLE, root, { recursive: true });
    const report = await lint(root);
    expect(report.imageHashes).toBe('done');
    expect(report.findings.map((f) => [f.rule, f.images])).toEqual([['empty', ['checkerboard.png']]]);
  });

  it('on the bundled sample with lint settings an older version saved (every group required), the same', async () => {
    const root = tree();
    fs.cpSync(SAMPLE, root, { recursive: true });
    const file = path.join(root, '.tagsmith', 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), lint: LEGACY_SAVED_LINT }));
    const report = await lint(root);
    // Read from the file (not defaults after a parse failure): its own disabled rule and budget are there.
    expect(report.settings.lint).toMatchObject({ version: 2, disabled: ['clip-budget'], clipBudget: 150 });
    expect(report.findings.map((f) => f.rule)).toEqual(['empty']);
  });
});
