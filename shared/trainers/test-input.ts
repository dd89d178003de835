import type { TrainerConfigInput } from './input.ts';
import { TrainerOptionsSchema, type TrainerOptions } from './types.ts';

/** A generator input for tests: 40 images of "ohwx" in /data/out/images, defaults elsewhere. */
export function configInput(over: Partial<Omit<TrainerConfigInput, 'options'>> & { options?: Partial<TrainerOptions> } = {}): TrainerConfigInput {
  const { options, ...rest } = over;
  return {
    datasetName: 'my set',
    imagesDir: '/data/out/images',
    imageCount: 40,
    triggerWords: ['ohwx'],
    captionExtension: '.txt',
    options: TrainerOptionsSchema.parse(options ?? {}),
    ...rest,
  };
}
