import { stringify } from 'smol-toml';
import { KOHYA_KEEP_TOKENS_SEPARATOR } from './caption.ts';
import { commentText, joinPath, tomlComment, type TrainerConfigInput } from './input.ts';
import { folderRepeats, PROSE_NO_SHUFFLE, subsetCaptions } from './subsets.ts';

/*
 * kohya sd-scripts dataset config (--dataset_config), checked against library/config_util.py: the
 * [general] / [[datasets]] / [[datasets.subsets]] keys below are all in its voluptuous schema, which
 * rejects unknown keys. max_token_length is not one of them (it is a command-line option only).
 */

/** Characters no folder name may hold on Windows, macOS or Linux, and control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a folder name
const UNSAFE_IN_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/**
 * The words after the repeats in `<repeats>_<trigger> <class>`: kohya reads them as the folder's
 * class tokens (the caption of an image without a caption file). Trigger words first, then the class.
 */
export function kohyaClassTokens(triggerWords: readonly string[], classWord: string): string {
  return [...triggerWords, classWord]
    .map((w) => w.replace(UNSAFE_IN_NAME, '_').replace(/\s+/g, ' ').trim())
    .filter((w) => w !== '')
    .join(' ')
    .replace(/[. ]+$/, ''); // Windows drops trailing dots and spaces from names
}

/**
 * The class_tokens of the subset Tagsmith's dataset.toml writes for `folder` ('/'-separated, '' = the
 * images folder): a folder named `<N>_<words>` keeps its words, as its N is kept for the repeats
 * (kohya's --train_data_dir reads both from the name); otherwise the trigger words when every caption
 * of the folder starts with them, then the class word. The pre-training check models the same value.
 */
export function kohyaSubsetClassTokens(folder: string, triggersLead: boolean, triggerWords: readonly string[], classWord: string): string {
  const named = folderClassWords(folder);
  return named ? named : kohyaClassTokens(triggersLead ? triggerWords : [], classWord);
}

/** The words after `<N>_` in a folder's name ('' when there are none), or null for any other name. */
export function folderClassWords(folder: string): string | null {
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  return folderRepeats(name) === null ? null : name.slice(name.indexOf('_') + 1);
}

/**
 * kohya's folder naming for --train_data_dir: `<repeats>_<trigger> <class>`, e.g. `10_ohwx woman`.
 * kohya splits the name at the first `_`; the number is the repeats. With no words it is `<repeats>_`.
 */
export function kohyaFolderName(repeats: number, triggerWords: readonly string[], classWord: string): string {
  return `${repeats}_${kohyaClassTokens(triggerWords, classWord)}`;
}

/** Buckets up to twice the training resolution on a side, a multiple of kohya's 64-pixel bucket step. */
function maxBucketReso(resolution: number): number {
  return Math.max(1024, Math.ceil((resolution * 2) / 64) * 64);
}

/** kohya's default min_bucket_reso (config_util.py DreamBoothDatasetParams, and --min_bucket_reso). */
export const KOHYA_MIN_BUCKET_RESO = 256;

/**
 * The min_bucket_reso Tagsmith writes, or null to keep kohya's default: kohya asserts
 * min(resolution) >= min_bucket_reso (train_util.adjust_min_max_bucket_reso_by_steps), so a training
 * resolution under 256 would stop it at startup. The value is a multiple of the 64-pixel bucket
 * step, as kohya wants it (it would round it down itself, with a warning).
 */
export function kohyaMinBucketReso(resolution: number): number | null {
  return resolution < KOHYA_MIN_BUCKET_RESO ? Math.max(64, Math.floor(resolution / 64) * 64) : null;
}

/** The subsets of the dataset.toml, one per folder, and one line for each setting chosen from the captions or the folder name. */
export function kohyaSubsets(input: TrainerConfigInput, plan: { repeats: number }) {
  const { options, triggerWords, captionExtension } = input;
  const folders = input.folders?.length ? input.folders : [''];
  const separated = Boolean(input.keepTokensSeparator) && options.shuffleCaption;
  const notes: string[] = [];
  const subsets = folders.map((folder) => {
    const facts = subsetCaptions(input.captions, folder, triggerWords);
    // keep_tokens = number of trigger words when every caption starts with them: shuffle_caption
    // then never moves them off the front. Captions without them: nothing to keep, no trigger class.
    const keepTokens = facts.triggersLead ? triggerWords.length : 0;
    const classTokens = kohyaSubsetClassTokens(folder, facts.triggersLead, triggerWords, options.classWord);
    // A folder already named `<N>_…` keeps its N, so its name and this file say the same.
    const repeats = folderRepeats(folder) ?? plan.repeats;
    // Shuffling splits the line at every comma: captions with sentences are not shuffled in place;
    // an export's `trigger ||| tags ||| sentences` captions keep them whole (keep_tokens_separator).
    const shuffle = options.shuffleCaption && (separated || !facts.prose);
    const where = folder === '' ? 'the images folder' : `folder "${folder}"`;
    if (options.shuffleCaption && !shuffle) notes.push(`shuffle_caption is off for ${where}: ${PROSE_NO_SHUFFLE}.`);
    const named = folderClassWords(folder);
    if (triggerWords.length > 0 && !facts.triggersLead) {
      const classNote = named ? '' : ' and no trigger words in class_tokens';
      notes.push(`keep_tokens = 0${classNote} for ${where}: not all its captions start with ${triggerWords.join(', ')}.`);
    }
    if (repeats !== plan.repeats) notes.push(`num_repeats = ${repeats} for ${where}: its name's ${repeats}_ prefix.`);
    if (named) notes.push(`class_tokens = "${classTokens}" for ${where}: the words of its name.`);
    return {
      image_dir: joinPath(input.imagesDir, folder),
      num_repeats: repeats,
      shuffle_caption: shuffle,
      keep_tokens: keepTokens,
      ...(separated ? { keep_tokens_separator: KOHYA_KEEP_TOKENS_SEPARATOR } : {}),
      caption_extension: captionExtension,
      ...(classTokens ? { class_tokens: classTokens } : {}),
    };
  });
  const minBucket = kohyaMinBucketReso(options.resolution);
  if (minBucket !== null) {
    notes.push(`min_bucket_reso = ${minBucket}: kohya stops when its default ${KOHYA_MIN_BUCKET_RESO} is above the resolution (${options.resolution}).`);
  }
  return { subsets, notes, separated };
}

export function kohyaToml(input: TrainerConfigInput, plan: { repeats: number; reason: string }): string {
  const { options, triggerWords, captionExtension } = input;
  const { subsets, notes, separated } = kohyaSubsets(input, plan);
  const minBucket = kohyaMinBucketReso(options.resolution);
  const keepTokens = subsets[0]!.keep_tokens;
  const config = {
    general: {
      shuffle_caption: options.shuffleCaption,
      caption_extension: captionExtension,
      keep_tokens: keepTokens,
    },
    datasets: [
      {
        resolution: options.resolution,
        batch_size: options.batchSize,
        enable_bucket: true,
        ...(minBucket !== null ? { min_bucket_reso: minBucket } : {}),
        max_bucket_reso: maxBucketReso(options.resolution),
        subsets,
      },
    ],
  };
  const header = [
    `kohya sd-scripts dataset config for "${commentText(input.datasetName)}", written by Tagsmith.`,
    'Train with: --dataset_config <this file> (it sets the repeats; a folder name\'s N_ prefix is then not read).',
    `Repeats: ${plan.reason}. Train ${options.epochs} epochs: --max_train_epochs ${options.epochs}.`,
    separated
      ? `keep_tokens_separator = "${KOHYA_KEEP_TOKENS_SEPARATOR}": captions are "trigger words ${KOHYA_KEEP_TOKENS_SEPARATOR} tags ${KOHYA_KEEP_TOKENS_SEPARATOR} sentences"; only the tags are shuffled.`
      : triggerWords.length > 0
        ? `keep_tokens = ${triggerWords.length}: shuffle_caption never moves the trigger word${triggerWords.length === 1 ? '' : 's'} (${triggerWords.join(', ')}), which must lead every caption.`
        : 'No trigger words: keep_tokens = 0, so shuffle_caption may move every tag.',
    ...notes,
    ...(subsets.length > 1 ? [`One subset per folder (${subsets.length}): kohya does not read images in subfolders of an image_dir.`] : []),
    ...(options.maxTokenLength !== 75 ? [`Long captions: add --max_token_length ${options.maxTokenLength} to the command line (sd-scripts does not read it from this file).`] : []),
  ];
  return `${tomlComment(header)}\n\n${stringify(config).trimEnd()}\n`;
}
