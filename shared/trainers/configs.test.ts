import { describe, expect, it } from 'vitest';
import { trainerConfigs } from './configs.ts';
import { TrainerConfigsSchema } from './types.ts';
import { configInput } from './test-input.ts';

describe('trainerConfigs', () => {
  it('computes the repeats once and uses them in the folder name, the TOML and the concept', () => {
    const configs = TrainerConfigsSchema.parse(trainerConfigs(configInput({ imageCount: 30, options: { classWord: 'woman' } })));
    expect(configs.repeats).toBe(5);
    expect(configs.repeatsReason).toBe('1500 steps × batch 1 / (30 images × 10 epochs) → 5 repeats (1500 steps)');
    expect(configs.kohyaFolder).toBe('5_ohwx woman');
    expect(configs.kohya).toContain('num_repeats = 5');
    expect(JSON.parse(configs.oneTrainer)[0].balancing).toBe(5);
    expect(configs.aiToolkit).toContain('trigger_word: ohwx');
    expect(configs.notes).toEqual([]);
  });

  it('says why OneTrainer does not shuffle or keep the trigger (its JSON has no comments)', () => {
    const captions = [{ folder: '', text: '1girl, smile. She smiles, a lot.' }];
    expect(trainerConfigs(configInput({ captions })).notes).toEqual([
      'OneTrainer: tag shuffling is off: captions hold sentences: shuffling splits at every comma and would cut them apart.',
      'OneTrainer: keep_tags_count is 0: not every caption starts with ohwx.',
    ]);
  });
});
