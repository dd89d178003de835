import type { LlmConfig } from '../../../shared/autocaption/config.ts';
import { outputLimit } from '../../../shared/autocaption/output-limit.ts';
import { promptFor, sendsTags } from '../../../shared/autocaption/request.ts';
import { tagKey } from '../../../shared/autocaption/select-tags.ts';
import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { PROMPT_PRESETS } from '../../../models/prompts.ts';
import { promptConfig, type AutoCaptionForm } from './form.ts';

/*
 * The prompt a job would send for one image, rendered by the same code the job uses
 * (shared/autocaption/request.ts), so the person sees the preset's exact words before anything starts.
 * Before a job the tagger has not run, so the image's current caption tags stand in for its tags.
 */

export interface PromptPreview {
  /** The image the prompt is for, by file name. */
  image: string;
  /** What goes to the model: the system message (when the preset has one), then the request. */
  text: string;
  /** The output limit the request would carry. */
  maxTokens: number;
  /** Where the tags in the preview came from, or why there are none. */
  note: string;
}

/** Defaults for fields that do not parse yet: the preview follows the form while the person types. */
const sentencesOf = (form: AutoCaptionForm, saved: number): number => {
  const n = Number(form.sentences);
  return Number.isInteger(n) && n >= 1 && n <= 20 ? n : saved;
};

export function previewPrompt(
  form: AutoCaptionForm,
  base: LlmConfig,
  image: { id: string; doc: CaptionDoc | null } | null,
  dataset: { triggerWords: readonly string[]; sentences: number },
): PromptPreview | null {
  if (image === null) return null;
  const llm = promptConfig(form, base);
  const sentences = sentencesOf(form, dataset.sentences);
  const trigger = new Set(dataset.triggerWords.map(tagKey));
  const tags = (image.doc?.tags ?? []).filter((t) => !trigger.has(tagKey(t)));
  const rendered = promptFor(llm, {
    focus: form.focus,
    context: form.context,
    sentences,
    triggerWords: dataset.triggerWords,
    tags: form.useTagger ? tags : [],
    characters: [],
    ratingFirst: form.rating,
  });
  const preset = PROMPT_PRESETS[llm.preset];
  const text = rendered.system === null ? rendered.user : `System: ${rendered.system}\n\nUser: ${rendered.user}`;
  return { image: fileName(image.id), text, maxTokens: outputLimit(llm, preset, sentences), note: tagNote(form, llm, preset.tags) };
}

function tagNote(form: AutoCaptionForm, llm: LlmConfig, presetTags: 'on' | 'experimental'): string {
  if (!form.useTagger) return 'No tags: the tagger is off.';
  if (!sendsTags(llm, { tags: presetTags })) return 'No tags: this preset leaves them out (its model was not trained on tag lists).';
  return 'Tags shown are the image’s current caption tags; the job sends the tagger’s.';
}
