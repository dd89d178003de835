import type { TrainerConfigInput } from './input.ts';
import { anyProse, PROSE_NO_SHUFFLE, triggersLeadAll } from './subsets.ts';

/*
 * OneTrainer concept file: a JSON array of concepts (the training config's concept_file_name points
 * to it). Keys and types as in modules/util/config/ConceptConfig.py; keys left out take OneTrainer's
 * defaults (its from_dict skips a missing key), so image augmentations such as enable_random_flip
 * stay as OneTrainer sets them. JSON has no comments: oneTrainerNotes says what the file cannot.
 */

/** ConceptConfig's config_version: a file of this version loads without running a migration. */
const CONCEPT_VERSION = 2;

export function oneTrainerConcept(input: TrainerConfigInput, repeats: number): string {
  const { options, triggerWords } = input;
  const nested = (input.folders ?? []).some((f) => f !== '');
  const concept = {
    __version: CONCEPT_VERSION,
    name: input.datasetName,
    path: input.imagesDir,
    // Without a seed OneTrainer draws a new one each time it loads the file; the seed is part of the
    // key its caches are grouped by, so a fixed one keeps runs repeatable and the cache reusable.
    seed: conceptSeed(input.datasetName),
    enabled: true,
    include_subdirectories: nested,
    // REPEATS balancing: each image is seen `balancing` times per epoch (kohya's num_repeats).
    balancing: repeats,
    balancing_strategy: 'REPEATS',
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
  return `${asciiJson(JSON.stringify([concept], null, 2))}\n`;
}

/** Why the concept differs from the options, one line each (the same rules as oneTrainerConcept). */
export function oneTrainerNotes(input: TrainerConfigInput): string[] {
  const { options, triggerWords, captions } = input;
  return [
    ...(options.shuffleCaption && anyProse(captions) ? [`tag shuffling is off: ${PROSE_NO_SHUFFLE}.`] : []),
    ...(captions !== undefined && triggerWords.length > 0 && !triggersLeadAll(captions, triggerWords)
      ? [`keep_tags_count is 0: not every caption starts with ${triggerWords.join(', ')}.`]
      : []),
  ];
}

/**
 * OneTrainer opens the concept file without an encoding, so on Windows it is read as cp1252 and a
 * raw UTF-8 `é` becomes `Ã©` (FACTS). As `\u00e9` escapes the file is plain ASCII and reads the same
 * everywhere; characters beyond U+FFFF become their two surrogate escapes, which Python's json joins.
 */
function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A stable seed for the concept, from its name: the same dataset gets the same seed on every export,
 * and two datasets trained together do not share one. FNV-1a, kept inside the range OneTrainer
 * draws its own seeds from (±2^30).
 */
export function conceptSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2 ** 30;
}
