import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { TrainerOptionsSchema } from '../../../shared/trainers/types.ts';
import { listAll, PNG } from '../dataset/test-fixtures.ts';
import { openTestSession, tempDir } from './test-session.ts';

const files = {
  '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }),
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl, smile\n',
  'part/b.png': PNG,
  'part/b.txt': 'ohwx, 1boy\n',
  'c.png': PNG,
};
const options = TrainerOptionsSchema.parse({ classWord: 'woman', targetSteps: 200 });

describe('trainer.configs', () => {
  it('gives the configs for training on the dataset folder as it is, counting the images each trainer loads', async () => {
    const t = await openTestSession(files);
    const configs = await t.value('trainer.configs', { options });
    // kohya and OneTrainer load c.png too (uncaptioned); ai-toolkit counts steps.
    expect(configs.plans.kohya.repeats).toBe(7);
    expect(configs.plans.kohya.repeatsReason).toBe('kohya loads 3 images (1 uncaptioned trains on its class tokens): 200 steps × batch 1 / (3 images × 10 epochs) → 7 repeats (210 steps)');
    expect(configs.plans.onetrainer.repeatsReason).toBe('OneTrainer loads 3 images (1 without a .txt caption trains on an empty prompt): 200 steps × batch 1 / (3 images × 10 epochs) → 7 repeats (210 steps)');
    expect(configs.kohyaFolder).toBe('7_ohwx woman');
    const toml = parseToml(configs.kohya) as { datasets: Array<{ subsets: Array<{ image_dir: string }> }> };
    expect(toml.datasets[0]!.subsets.map((s) => s.image_dir)).toEqual([t.root, path.join(t.root, 'part')]);
    expect(JSON.parse(configs.oneTrainer)[0]).toMatchObject({ path: t.root, include_subdirectories: true, balancing: 7 });
  });

  it('refuses options outside the schema', async () => {
    const t = await openTestSession(files);
    expect((await t.failure('trainer.configs', { options: { ...options, epochs: 0 } })).kind).toBe('invalid-request');
  });
});

describe('export.run', () => {
  it('exports to a new folder and returns where everything went', async () => {
    const t = await openTestSession(files);
    const to = path.join(tempDir(), 'out');
    const result = await t.value('export.run', { to, format: 'kohya', options });
    expect(result).toEqual({
      to,
      imagesDir: path.join(to, '10_ohwx woman'),
      images: 2,
      captions: 2,
      skipped: [{ id: 'c.png', reason: 'no caption file' }],
      configFile: path.join(to, 'dataset.toml'),
    });
    expect(listAll(to)).toEqual(['10_ohwx woman/a.png', '10_ohwx woman/a.txt', '10_ohwx woman/part/b.png', '10_ohwx woman/part/b.txt', 'dataset.toml']);
  });

  it('fails with the kind and one line when the destination is not empty or inside the dataset', async () => {
    const t = await openTestSession(files);
    const busy = tempDir();
    fs.writeFileSync(path.join(busy, 'x'), 'x');
    expect(await t.failure('export.run', { to: busy, format: 'ai-toolkit' })).toEqual({
      kind: 'invalid-destination',
      message: `${busy} is not empty; export into a new or empty folder`,
    });
    expect((await t.failure('export.run', { to: path.join(t.root, 'out'), format: 'onetrainer' })).kind).toBe('invalid-destination');
    expect(fs.existsSync(path.join(t.root, 'out'))).toBe(false);
  });
});
