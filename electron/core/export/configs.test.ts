import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { TrainerOptionsSchema } from '../../../shared/trainers/types.ts';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, tempTrees } from '../dataset/test-fixtures.ts';
import { datasetTrainerConfigs } from './configs.ts';

const tree = tempTrees();

/*
 * A folder used in place where Tagsmith's captioned images (a, b.Png, c.gif, f: 4) are not what any
 * trainer loads: kohya skips .Png and .gif but loads the uncaptioned d and g and the blank-line-1 e;
 * ai-toolkit and OneTrainer read .Png but not .gif.
 */
const FILES = {
  '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }),
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl, smile\n',
  'b.Png': PNG,
  'b.txt': 'ohwx, 1girl, b\n',
  'c.gif': PNG,
  'c.txt': 'ohwx, 1girl, c\n',
  'd.png': PNG,
  'e.jpg': PNG,
  'e.txt': '\nsecond line\n',
  '10_ohwx girl/f.png': PNG,
  '10_ohwx girl/f.txt': 'ohwx, 1girl, red scarf\n',
  '10_ohwx girl/g.png': PNG,
};

// 200 steps over 2 epochs at batch 1: 100 images per epoch.
const options = TrainerOptionsSchema.parse({ targetSteps: 200, epochs: 2 });

describe('datasetTrainerConfigs counts what each trainer loads', () => {
  it('kohya: .Png and .gif left out, uncaptioned and blank captions in, the 10_ folder with its own 10', async () => {
    const root = tree(FILES);
    const { plans, kohya, kohyaFolder } = await datasetTrainerConfigs(await Dataset.open(root), options);
    expect(plans.kohya.images).toBe(5);
    // 10_ohwx girl gives 2 × 10 = 20 of the 100; the other 3 images need ceil(80 / 3) = 27.
    expect(plans.kohya.repeats).toBe(27);
    expect(plans.kohya.repeatsReason).toBe(
      // d.png: the images folder's captions do not all start with ohwx (e.txt), so the toml writes no
      // class_tokens there; g.png: its folder's name gives "ohwx girl".
      'kohya loads 5 images (1 uncaptioned trains on its class tokens; 1 uncaptioned trains on an empty caption (no class tokens); 1 with a blank line 1 trains on an empty caption; ' +
        '2 image files it does not load are not counted: b.Png, c.gif): 200 steps × batch 1 / 2 epochs = 100 images per epoch; ' +
        '"10_ohwx girl" keeps its 10 (2 images → 20); the other 3 images → 27 repeats; steps: 101 images per epoch / batch 1 × 2 epochs = 202 steps',
    );
    expect(plans.kohya.notes).toContain('num_repeats = 10 for folder "10_ohwx girl": its name\'s 10_ prefix.');
    expect(plans.kohya.notes).toContain('class_tokens = "ohwx girl" for folder "10_ohwx girl": the words of its name.');
    expect(kohyaFolder).toBe('27_ohwx');
    const config = parseToml(kohya) as { datasets: Array<{ subsets: Array<{ image_dir: string; num_repeats: number }> }> };
    expect(config.datasets[0]!.subsets.map((s) => [s.image_dir, s.num_repeats])).toEqual([
      [root, 27],
      [path.join(root, '10_ohwx girl'), 10],
    ]);
  });

  it('ai-toolkit and OneTrainer: .Png in, .gif out, each with its own count and repeats', async () => {
    const root = tree(FILES);
    const { plans, oneTrainer } = await datasetTrainerConfigs(await Dataset.open(root), options);
    expect(plans.onetrainer).toMatchObject({
      images: 6,
      repeats: 17,
      repeatsReason:
        'OneTrainer loads 6 images (2 without a .txt caption train on an empty prompt; 1 image file it does not load is not counted: c.gif): ' +
        '200 steps × batch 1 / (6 images × 2 epochs) → 17 repeats (204 steps)',
    });
    expect(JSON.parse(oneTrainer)[0]).toMatchObject({ balancing: 17, include_subdirectories: true });
    expect(plans['ai-toolkit']).toMatchObject({ images: 6, repeats: null });
    expect(plans['ai-toolkit'].repeatsReason).toBe(
      'ai-toolkit loads 6 images (2 uncaptioned train on the trigger word alone; 1 image file it does not load is not counted: c.gif): ' +
        'no repeats (ai-toolkit counts steps): train: steps: 200 at batch 1, so each image is seen about 33 times',
    );
  });

  it('says what stops training: a 0-byte caption file stops kohya', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': 'ohwx, 1girl\n', 'z.png': PNG, 'z.txt': '' });
    const { plans } = await datasetTrainerConfigs(await Dataset.open(root), options);
    expect(plans.kohya.images).toBe(2);
    expect(plans.kohya.notes[0]).toBe('kohya stops: "caption file is empty" (0-byte caption file): z.png.');
    expect(plans.onetrainer.notes.some((n) => n.includes('stops'))).toBe(false);
  });
});
