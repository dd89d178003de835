import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kohyaRepeatsFor, repeatsFor } from './repeats.ts';

const base = { repeats: null, targetSteps: 1500, epochs: 10, batchSize: 1 };

describe('repeatsFor', () => {
  it('computes ceil(steps × batch / (images × epochs)) and says how in one line', () => {
    expect(repeatsFor(base, 40)).toEqual({ repeats: 4, reason: '1500 steps × batch 1 / (40 images × 10 epochs) → 4 repeats (1600 steps)' });
    expect(repeatsFor({ ...base, batchSize: 2 }, 40).repeats).toBe(8);
    expect(repeatsFor(base, 1).reason).toBe('1500 steps × batch 1 / (1 image × 10 epochs) → 150 repeats (1500 steps)');
  });

  it('never goes below 1, and takes given repeats as they are', () => {
    expect(repeatsFor(base, 100_000)).toMatchObject({ repeats: 1 });
    expect(repeatsFor({ ...base, repeats: 7 }, 40)).toEqual({ repeats: 7, reason: '7 repeats (given)' });
    expect(repeatsFor({ ...base, repeats: 1 }, 40).reason).toBe('1 repeat (given)');
  });

  it('has 1 repeat for an empty dataset instead of dividing by zero', () => {
    expect(repeatsFor(base, 0)).toEqual({ repeats: 1, reason: 'no captioned images yet → 1 repeat' });
  });

  it('is the smallest repeat count whose run reaches the target steps (property)', () => {
    const int = (max: number) => fc.integer({ min: 1, max });
    fc.assert(
      fc.property(int(100_000), int(1000), int(64), int(5000), (targetSteps, epochs, batchSize, images) => {
        const { repeats } = repeatsFor({ repeats: null, targetSteps, epochs, batchSize }, images);
        const samples = (r: number) => images * r * epochs; // steps × batch size
        expect(repeats).toBeGreaterThanOrEqual(1);
        if (repeats > 1) {
          expect(samples(repeats)).toBeGreaterThanOrEqual(targetSteps * batchSize);
          expect(samples(repeats - 1)).toBeLessThan(targetSteps * batchSize);
        }
      }),
    );
  });
});

describe('kohyaRepeatsFor', () => {
  it('is repeatsFor on the total when no folder is named <N>_…', () => {
    expect(kohyaRepeatsFor(base, { '': 30, sub: 10 })).toEqual(repeatsFor(base, 40));
  });

  it('takes the samples of a folder named <N>_… with its own N from the target, and counts the steps with it', () => {
    // 150 images per epoch; "10_ohwx girl" gives 4 × 10 = 40, so the other 8 need ceil(110 / 8) = 14.
    expect(kohyaRepeatsFor(base, { '': 8, '10_ohwx girl': 4 })).toEqual({
      repeats: 14,
      reason:
        '1500 steps × batch 1 / 10 epochs = 150 images per epoch; "10_ohwx girl" keeps its 10 (4 images → 40); the other 8 images → 14 repeats; ' +
        'steps: 152 images per epoch / batch 1 × 10 epochs = 1520 steps',
    });
  });

  it('with given repeats, says the steps that folder\'s N gives, not the given repeats on every image', () => {
    const plan = kohyaRepeatsFor({ ...base, repeats: 3, batchSize: 2 }, { a: 8, 'a/5_x': 4 });
    expect(plan.repeats).toBe(3);
    // 8 × 3 + 4 × 5 = 44 images per epoch, 22 steps at batch 2, 10 epochs.
    expect(plan.reason).toBe('3 repeats (given); "5_x" keeps its 5 (4 images → 20); steps: 44 images per epoch / batch 2 × 10 epochs = 220 steps');
  });

  it('says when every folder keeps its own repeats', () => {
    expect(kohyaRepeatsFor(base, { '2_a': 5, '3_b': 5 }).reason).toBe(
      'every folder keeps its own repeats: "2_a" keeps its 2 (5 images → 10), "3_b" keeps its 3 (5 images → 15); steps: 25 images per epoch / batch 1 × 10 epochs = 250 steps',
    );
  });
});
