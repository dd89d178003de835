import { Document, isSeq } from 'yaml';
import { commentText, type TrainerConfigInput } from './input.ts';
import { anyProse, PROSE_NO_SHUFFLE } from './subsets.ts';

/*
 * ostris ai-toolkit reads one job YAML; the dataset keys live in its `config.process[0]` entry (the
 * sd_trainer process): `trigger_word` next to `datasets:`. Key names are those of its DatasetConfig
 * (toolkit/config_modules.py). It walks folder_path recursively, so nested folders need nothing extra.
 */

/** ai-toolkit's example configs train on these bucket resolutions; only those up to the chosen one are kept. */
const RESOLUTION_LADDER = [512, 768, 1024];

export function aiToolkitResolutions(resolution: number): number[] {
  const ladder = RESOLUTION_LADDER.filter((r) => r <= resolution);
  return ladder.includes(resolution) ? ladder : [...ladder, resolution];
}

/**
 * The trigger_word Tagsmith writes: only for exactly one trigger word. ai-toolkit re-joins the caption
 * with ", " before it looks for trigger_word verbatim (FACTS), so two or more words joined by ", " are
 * not found in `a, b, …` (it became `a,  b,  …`) and would be put in front of every caption again.
 * With several, no trigger_word: the captions already hold the words, and nothing is added (a
 * `[trigger]` in a caption then becomes nothing).
 */
export const aiToolkitTriggerSetting = (triggerWords: readonly string[]): string | null => (triggerWords.length === 1 ? triggerWords[0]! : null);

/**
 * What ai-toolkit rewrites in a job file before reading it (toolkit/config.py get_config): each
 * `${NAME}` in the raw text, comments included, becomes that environment variable (an error when it
 * is unset), then each `[name]` in a value becomes the job's name. A path holding either points
 * elsewhere; says which, or null.
 */
export function aiToolkitRewrites(text: string): string | null {
  if (/\$\{[^}]+\}/.test(text)) return '"${…}", which ai-toolkit replaces with an environment variable';
  if (text.includes('[name]')) return '"[name]", which ai-toolkit replaces with the job name';
  return null;
}

/**
 * ai-toolkit shuffles every comma-separated part, trigger included (its keep_tokens guards only
 * token dropout), so shuffling stays off while there is a trigger word to keep in front. It also
 * splits sentences at their commas: captions with prose are not shuffled either.
 */
function aiToolkitShuffle(input: TrainerConfigInput): { shuffle: boolean; notes: string[] } {
  const { options, triggerWords } = input;
  const prose = anyProse(input.captions);
  const shuffle = options.shuffleCaption && triggerWords.length === 0 && !prose;
  return {
    shuffle,
    notes: [
      ...(options.shuffleCaption && !shuffle && triggerWords.length > 0 ? ['shuffle_tokens is off: ai-toolkit would shuffle the trigger word away from the front.'] : []),
      ...(options.shuffleCaption && prose ? [`shuffle_tokens is off: ${PROSE_NO_SHUFFLE}.`] : []),
    ],
  };
}

/** The settings chosen from the captions, one line each (the YAML says them in its comment too). */
export const aiToolkitNotes = (input: TrainerConfigInput): string[] => aiToolkitShuffle(input).notes;

export function aiToolkitYaml(input: TrainerConfigInput): string {
  const { options, triggerWords } = input;
  const { shuffle, notes } = aiToolkitShuffle(input);
  const rewritten = aiToolkitRewrites(input.imagesDir);
  const triggerWord = aiToolkitTriggerSetting(triggerWords);
  const process = {
    ...(triggerWord !== null ? { trigger_word: triggerWord } : {}),
    datasets: [
      {
        folder_path: input.imagesDir,
        caption_ext: input.captionExtension.slice(1),
        caption_dropout_rate: 0.05,
        shuffle_tokens: shuffle,
        cache_latents_to_disk: true,
        resolution: aiToolkitResolutions(options.resolution),
      },
    ],
  };
  const doc = new Document(process);
  const resolutions = doc.getIn(['datasets', 0, 'resolution'], true);
  if (isSeq(resolutions)) resolutions.flow = true;
  doc.commentBefore = [
    // A "${" even in a comment is read as an environment variable (aiToolkitRewrites).
    `ai-toolkit (ostris) dataset settings for "${commentText(input.datasetName).replaceAll('${', '$ {')}", written by Tagsmith.`,
    ...(rewritten ? [`folder_path holds ${rewritten}: move or rename the folder before training.`] : []),
    'Put these keys into your job file under config: process: - type: sd_trainer (beside train: and model:).',
    ...(triggerWord !== null
      ? ['trigger_word replaces [trigger] in captions and is put in front of a caption that lacks it.']
      : triggerWords.length > 1
        ? [`No trigger_word: with ${triggerWords.length} trigger words ai-toolkit would not find them after re-joining the caption and would add them again; the captions hold them.`]
        : []),
    `ai-toolkit counts steps, not repeats: set train: steps: ${options.targetSteps} and batch_size: ${options.batchSize}.`,
    ...notes,
  ]
    .map((line) => ` ${line}`)
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}

