import { aiToolkitYaml } from './ai-toolkit.ts';
import type { TrainerConfigInput } from './input.ts';
import { kohyaFolderName, kohyaToml } from './kohya.ts';
import { oneTrainerConcept } from './onetrainer.ts';
import { repeatsFor } from './repeats.ts';
import { anyProse, PROSE_NO_SHUFFLE, triggersLeadAll } from './subsets.ts';
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
    notes: oneTrainerNotes(input),
  };
}

/** Why the OneTrainer concept differs from the options (the same rules as onetrainer.ts). */
function oneTrainerNotes(input: TrainerConfigInput): string[] {
  const { options, triggerWords, captions } = input;
  return [
    ...(options.shuffleCaption && anyProse(captions) ? [`OneTrainer: tag shuffling is off: ${PROSE_NO_SHUFFLE}.`] : []),
    ...(captions !== undefined && triggerWords.length > 0 && !triggersLeadAll(captions, triggerWords)
      ? [`OneTrainer: keep_tags_count is 0: not every caption starts with ${triggerWords.join(', ')}.`]
      : []),
  ];
}
