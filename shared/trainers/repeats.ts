import type { TrainerOptions } from './types.ts';

/**
 * Repeats per image per epoch. Given: used as is. Otherwise chosen so that one run reaches about
 * the target number of optimizer steps: steps = images × repeats × epochs / batch size, so
 * repeats = ceil(targetSteps × batchSize / (images × epochs)), never below 1. Rounding up means a
 * run does at least the target, never fewer steps than the user asked for.
 */
export function repeatsFor(
  options: Pick<TrainerOptions, 'repeats' | 'targetSteps' | 'epochs' | 'batchSize'>,
  imageCount: number,
): { repeats: number; reason: string } {
  if (options.repeats !== null) return { repeats: options.repeats, reason: `${plural(options.repeats, 'repeat')} (given)` };
  const { targetSteps, batchSize, epochs } = options;
  if (imageCount <= 0) return { repeats: 1, reason: 'no captioned images yet → 1 repeat' };
  const repeats = Math.max(1, Math.ceil((targetSteps * batchSize) / (imageCount * epochs)));
  const steps = Math.ceil((imageCount * repeats) / batchSize) * epochs;
  return {
    repeats,
    reason: `${targetSteps} steps × batch ${batchSize} / (${plural(imageCount, 'image')} × ${plural(epochs, 'epoch')}) → ${plural(repeats, 'repeat')} (${steps} steps)`,
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
