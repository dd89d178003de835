import { folderRepeats } from './subsets.ts';
import type { TrainerOptions } from './types.ts';

type RepeatsOptions = Pick<TrainerOptions, 'repeats' | 'targetSteps' | 'epochs' | 'batchSize'>;

/**
 * Repeats per image per epoch. Given: used as is. Otherwise chosen so that one run reaches about
 * the target number of optimizer steps: steps = images × repeats × epochs / batch size, so
 * repeats = ceil(targetSteps × batchSize / (images × epochs)), never below 1. Rounding up means a
 * run does at least the target, never fewer steps than the user asked for.
 */
export function repeatsFor(options: RepeatsOptions, imageCount: number): { repeats: number; reason: string } {
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

/**
 * kohya's repeats for subsets by folder (images per folder, '' = the images folder). A folder already
 * named `<N>_…` keeps its N (subsets.ts), so the repeats are computed for the other images, with the
 * samples those folders give already taken from the target, and the steps count each folder with its
 * own N. Without such folders this is repeatsFor on the total.
 */
export function kohyaRepeatsFor(options: RepeatsOptions, imagesByFolder: Readonly<Record<string, number>>): { repeats: number; reason: string } {
  const entries = Object.entries(imagesByFolder).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const own = entries.flatMap(([folder, images]) => {
    const n = folderRepeats(folder);
    return n === null ? [] : [{ name: folder.slice(folder.lastIndexOf('/') + 1), images, repeats: n }];
  });
  if (own.length === 0) return repeatsFor(options, total);
  const ownSamples = own.reduce((sum, f) => sum + f.images * f.repeats, 0);
  const free = total - own.reduce((sum, f) => sum + f.images, 0);
  const kept = own.map((f) => `"${f.name}" keeps its ${f.repeats} (${plural(f.images, 'image')} → ${f.images * f.repeats})`).join(', ');
  const { targetSteps, batchSize, epochs } = options;
  let repeats: number;
  let how: string;
  if (options.repeats !== null) {
    repeats = options.repeats;
    how = `${plural(repeats, 'repeat')} (given); ${kept}`;
  } else if (free === 0) {
    // Every subset keeps its own N: the computed value only names a new folder.
    repeats = repeatsFor(options, total).repeats;
    how = `every folder keeps its own repeats: ${kept}`;
  } else {
    const perEpoch = (targetSteps * batchSize) / epochs;
    repeats = Math.max(1, Math.ceil((perEpoch - ownSamples) / free));
    how = `${targetSteps} steps × batch ${batchSize} / ${plural(epochs, 'epoch')} = ${round(perEpoch)} images per epoch; ${kept}; the other ${plural(free, 'image')} → ${plural(repeats, 'repeat')}`;
  }
  const samples = free * repeats + ownSamples;
  const steps = Math.ceil(samples / batchSize) * epochs;
  return { repeats, reason: `${how}; steps: ${samples} images per epoch / batch ${batchSize} × ${plural(epochs, 'epoch')} = ${steps} steps` };
}

const round = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
