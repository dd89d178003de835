import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { trainerConfigs } from './configs.ts';
import { TrainerConfigsSchema } from './types.ts';
import { configInput } from './test-input.ts';

describe('trainerConfigs', () => {
  it('computes the repeats once per trainer and uses them in the folder name, the TOML and the concept', () => {
    const configs = TrainerConfigsSchema.parse(trainerConfigs(configInput({ imageCount: 30, options: { classWord: 'woman' } })));
    const reason = '1500 steps × batch 1 / (30 images × 10 epochs) → 5 repeats (1500 steps)';
    expect(configs.plans.kohya).toEqual({ images: 30, repeats: 5, repeatsReason: reason, notes: [] });
    expect(configs.plans.onetrainer).toEqual({ images: 30, repeats: 5, repeatsReason: reason, notes: [] });
    // ai-toolkit has no repeats: its job file counts steps.
    expect(configs.plans['ai-toolkit']).toEqual({
      images: 30,
      repeats: null,
      repeatsReason: 'no repeats (ai-toolkit counts steps): train: steps: 1500 at batch 1, so each image is seen about 50 times',
      notes: ['shuffle_tokens is off: ai-toolkit would shuffle the trigger word away from the front.'],
    });
    expect(configs.kohyaFolder).toBe('5_ohwx woman');
    expect(configs.kohya).toContain('num_repeats = 5');
    expect(JSON.parse(configs.oneTrainer)[0].balancing).toBe(5);
    expect(configs.aiToolkit).toContain('trigger_word: ohwx');
  });

  it('says, per trainer, the settings chosen from the captions (OneTrainer\'s JSON has no comments)', () => {
    const captions = [{ folder: '', text: '1girl, smile. She smiles, a lot.' }];
    const { plans } = trainerConfigs(configInput({ captions }));
    expect(plans.onetrainer.notes).toEqual([
      'tag shuffling is off: captions hold sentences: shuffling splits at every comma and would cut them apart.',
      'keep_tags_count is 0: not every caption starts with ohwx.',
    ]);
    expect(plans.kohya.notes).toEqual([
      'shuffle_caption is off for the images folder: captions hold sentences: shuffling splits at every comma and would cut them apart.',
      'keep_tokens = 0 and no trigger words in class_tokens for the images folder: not all its captions start with ohwx.',
    ]);
    expect(plans['ai-toolkit'].notes).toEqual([
      'shuffle_tokens is off: ai-toolkit would shuffle the trigger word away from the front.',
      'shuffle_tokens is off: captions hold sentences: shuffling splits at every comma and would cut them apart.',
    ]);
  });

  it('counts each trainer on the images it loads, says what was counted, and a kohya N_ folder keeps its N in the steps', () => {
    const configs = trainerConfigs(configInput({ imageCount: 99, folders: [''] }), {
      kohya: {
        imageCount: 12,
        folders: ['', '10_ohwx girl'],
        imagesByFolder: { '': 8, '10_ohwx girl': 4 },
        counted: 'kohya loads 12 images (1 uncaptioned trains on its class tokens)',
        notes: ['kohya stops: "caption file is empty" (0-byte caption file): f.jpg.'],
      },
      'ai-toolkit': { imageCount: 10, counted: 'ai-toolkit loads 10 images' },
      onetrainer: { imageCount: 15, folders: ['', 'sub'], counted: 'OneTrainer loads 15 images' },
    });
    const { kohya, onetrainer } = configs.plans;
    // 150 images per epoch; "10_ohwx girl" gives 40 of them with its own N, so the other 8 get ceil(110 / 8) = 14.
    expect(kohya.repeats).toBe(14);
    expect(kohya.repeatsReason).toBe(
      'kohya loads 12 images (1 uncaptioned trains on its class tokens): 1500 steps × batch 1 / 10 epochs = 150 images per epoch; ' +
        '"10_ohwx girl" keeps its 10 (4 images → 40); the other 8 images → 14 repeats; steps: 152 images per epoch / batch 1 × 10 epochs = 1520 steps',
    );
    expect(kohya.notes[0]).toBe('kohya stops: "caption file is empty" (0-byte caption file): f.jpg.');
    expect(kohya.notes).toContain('num_repeats = 10 for folder "10_ohwx girl": its name\'s 10_ prefix.');
    const toml = parse(configs.kohya) as { datasets: Array<{ subsets: Array<{ image_dir: string; num_repeats: number }> }> };
    expect(toml.datasets[0]!.subsets.map((s) => [s.image_dir, s.num_repeats])).toEqual([
      ['/data/out/images', 14],
      ['/data/out/images/10_ohwx girl', 10],
    ]);
    expect(configs.kohya).toContain('# Repeats: kohya loads 12 images (1 uncaptioned trains on its class tokens): 1500 steps');
    expect(configs.kohyaFolder).toBe('14_ohwx');

    expect(onetrainer).toMatchObject({ images: 15, repeats: 10, repeatsReason: 'OneTrainer loads 15 images: 1500 steps × batch 1 / (15 images × 10 epochs) → 10 repeats (1500 steps)' });
    expect(JSON.parse(configs.oneTrainer)[0]).toMatchObject({ balancing: 10, include_subdirectories: true });
    expect(configs.plans['ai-toolkit']).toMatchObject({ images: 10, repeats: null });
    expect(configs.plans['ai-toolkit'].repeatsReason).toMatch(/^ai-toolkit loads 10 images: no repeats .* about 150 times$/);
  });
});
