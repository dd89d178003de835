import { Document, isSeq } from 'yaml';
import { commentText, type TrainerConfigInput } from './input.ts';

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

/** ai-toolkit's trigger_word: every trigger word, in caption order, as the text that replaces `[trigger]`. */
export const aiToolkitTriggerWord = (triggerWords: readonly string[]): string => triggerWords.join(', ');

export function aiToolkitYaml(input: TrainerConfigInput): string {
  const { options, triggerWords } = input;
  // ai-toolkit shuffles every comma-separated part, trigger included (its keep_tokens guards only
  // token dropout), so shuffling stays off while there is a trigger word to keep in front.
  const shuffle = options.shuffleCaption && triggerWords.length === 0;
  const process = {
    ...(triggerWords.length ? { trigger_word: aiToolkitTriggerWord(triggerWords) } : {}),
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
    `ai-toolkit (ostris) dataset settings for "${commentText(input.datasetName)}", written by Tagsmith.`,
    'Put these keys into your job file under config: process: - type: sd_trainer (beside train: and model:).',
    ...(triggerWords.length
      ? ['trigger_word replaces [trigger] in captions and is put in front of a caption that lacks it.']
      : []),
    `ai-toolkit counts steps, not repeats: set train: steps: ${options.targetSteps} and batch_size: ${options.batchSize}.`,
    ...(options.shuffleCaption && !shuffle ? ['shuffle_tokens is off: ai-toolkit would shuffle the trigger word away from the front.'] : []),
  ]
    .map((line) => ` ${line}`)
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}

