import { aiToolkitYaml } from './ai-toolkit.ts';
import type { TrainerConfigInput } from './input.ts';
import { kohyaFolderName, kohyaToml } from './kohya.ts';
import { oneTrainerConcept } from './onetrainer.ts';
import { repeatsFor } from './repeats.ts';
import type { TrainerConfigs } from './types.ts';

/** The three trainers' configs for one dataset, from the options the user picked once. */
export function trainerConfigs(input: TrainerConfigInput): TrainerConfigs {
  const plan = repeatsFor(input.options, input.imageCount);
  return {
    repeats: plan.repeats,
    repeatsReason: plan.reason,
    kohyaFolder: kohyaFolderName(plan.repeats, input.triggerWords, input.options.classWord),
    kohya: kohyaToml(input, plan),
    aiToolkit: aiToolkitYaml(input),
    oneTrainer: oneTrainerConcept(input, plan.repeats),
  };
}
