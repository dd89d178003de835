import { aiToolkitNotes, aiToolkitYaml } from './ai-toolkit.ts';
import type { TrainerConfigInput } from './input.ts';
import { kohyaFolderName, kohyaSubsets, kohyaToml } from './kohya.ts';
import { oneTrainerConcept, oneTrainerNotes } from './onetrainer.ts';
import { kohyaRepeatsFor, repeatsFor } from './repeats.ts';
import type { TrainerConfigs, TrainerFormat, TrainerPlan } from './types.ts';

/** What one trainer loads, where it differs from the shared input (each trainer counts by its own rules). */
export interface TrainerLoad extends Partial<Pick<TrainerConfigInput, 'imageCount' | 'folders' | 'captions'>> {
  /** kohya: images per folder ('' = the images folder), so folders named `<N>_…` count with their own N. */
  imagesByFolder?: Readonly<Record<string, number>>;
  /** What was counted, said before the repeats reason, e.g. "kohya loads 12 images (1 uncaptioned trains on its class tokens)". */
  counted?: string;
  /** Lines the config cannot say, such as what stops training (shown with the notes). */
  notes?: readonly string[];
}

/**
 * The three trainers' configs for one dataset, from the options the user picked once. `loads` gives,
 * per trainer, the images it loads when they differ from `input` (a folder used in place: see
 * electron/core/export/configs.ts); each trainer's repeats are computed on its own count.
 */
export function trainerConfigs(input: TrainerConfigInput, loads: Partial<Record<TrainerFormat, TrainerLoad>> = {}): TrainerConfigs {
  const inputFor = (format: TrainerFormat): TrainerConfigInput => {
    const { imagesByFolder: _byFolder, counted: _counted, notes: _notes, ...over } = loads[format] ?? {};
    return { ...input, ...over };
  };
  const said = (format: TrainerFormat, reason: string) => (loads[format]?.counted ? `${loads[format].counted}: ${reason}` : reason);
  const extra = (format: TrainerFormat) => [...(loads[format]?.notes ?? [])];

  const kohyaInput = inputFor('kohya');
  const kohyaPlan = kohyaRepeatsFor(kohyaInput.options, loads.kohya?.imagesByFolder ?? { '': kohyaInput.imageCount });
  const kohyaReason = said('kohya', kohyaPlan.reason);

  const aiInput = inputFor('ai-toolkit');
  const { targetSteps, batchSize } = aiInput.options;
  const views = aiInput.imageCount > 0 ? `, so each image is seen about ${Math.round((targetSteps * batchSize) / aiInput.imageCount)} times` : '';
  const aiReason = said('ai-toolkit', `no repeats (ai-toolkit counts steps): train: steps: ${targetSteps} at batch ${batchSize}${views}`);

  const otInput = inputFor('onetrainer');
  const otPlan = repeatsFor(otInput.options, otInput.imageCount);

  const plans: Record<TrainerFormat, TrainerPlan> = {
    kohya: {
      images: kohyaInput.imageCount,
      repeats: kohyaPlan.repeats,
      repeatsReason: kohyaReason,
      notes: [...extra('kohya'), ...kohyaSubsets(kohyaInput, kohyaPlan).notes],
    },
    'ai-toolkit': { images: aiInput.imageCount, repeats: null, repeatsReason: aiReason, notes: [...extra('ai-toolkit'), ...aiToolkitNotes(aiInput)] },
    onetrainer: {
      images: otInput.imageCount,
      repeats: otPlan.repeats,
      repeatsReason: said('onetrainer', otPlan.reason),
      notes: [...extra('onetrainer'), ...oneTrainerNotes(otInput)],
    },
  };
  return {
    plans,
    kohyaFolder: kohyaFolderName(kohyaPlan.repeats, input.triggerWords, input.options.classWord),
    kohya: kohyaToml(kohyaInput, { repeats: kohyaPlan.repeats, reason: kohyaReason }),
    aiToolkit: aiToolkitYaml(aiInput),
    oneTrainer: oneTrainerConcept(otInput, otPlan.repeats),
  };
}
