import type { TrainerConfigInput } from './input.ts';
import { anyProse, triggersLeadAll } from './subsets.ts';

/*
 * OneTrainer concept file: a JSON array of concepts (the training config's concept_file_name points
 * to it). Keys and types as in modules/util/config/ConceptConfig.py; keys left out take OneTrainer's
 * defaults. JSON has no comments, so nothing here can explain itself in the file.
 */

/** OneTrainer's concept config version: with it, no migration runs on load. */
const CONCEPT_VERSION = 1;

export function oneTrainerConcept(input: TrainerConfigInput, repeats: number): string {
  const { options, triggerWords } = input;
  const nested = (input.folders ?? []).some((f) => f !== '');
  const concept = {
    __version: CONCEPT_VERSION,
    name: input.datasetName,
    path: input.imagesDir,
    enabled: true,
    include_subdirectories: nested,
    // REPEATS balancing: each image is seen `balancing` times per epoch (kohya's num_repeats).
    balancing: repeats,
    balancing_strategy: 'REPEATS',
    image: {
      enable_crop_jitter: true,
      enable_random_flip: true,
    },
    text: {
      // "sample": the caption is the image's own .txt file (OneTrainer looks only for .txt).
      prompt_source: 'sample',
      prompt_path: '',
      // Its tag shuffling splits at every comma and has no fixed suffix (FACTS): off when captions hold sentences.
      enable_tag_shuffling: options.shuffleCaption && !anyProse(input.captions),
      tag_delimiter: ',',
      // The trigger words stay first only when every caption starts with them.
      keep_tags_count: input.captions === undefined || triggersLeadAll(input.captions, triggerWords) ? triggerWords.length : 0,
    },
  };
  return `${JSON.stringify([concept], null, 2)}\n`;
}
