import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repeatsFor } from './repeats.ts';

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
