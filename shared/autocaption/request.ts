import { PROMPT_PRESETS, type PromptPreset, type RequestSampling } from '../../models/prompts.ts';
import type { LlmConfig } from './config.ts';
import { contextSize, imageSide, outputLimit } from './output-limit.ts';
import { renderPrompt, type RenderedPrompt } from './prompt.ts';
import { tagKey } from './select-tags.ts';

/*
 * One image's request to the vision LLM, from the dataset's settings and the image's tags: the
 * rendered prompt and the limits that go with it. The job builds each request here and the dialog
 * shows the same prompt before a job starts, so what is previewed is what is sent.
 */

export interface PromptInputs {
  focus: string;
  context: string;
  sentences: number;
  /** The dataset's trigger words; the first is the `{name}` JoyCaption may use for the subject. */
  triggerWords: readonly string[];
  /** The image's tags as the tagger wrote them (rating first when the rating option is on). */
  tags: readonly string[];
  /** Its character tags (WD14 category 4), for ToriiGate's characters block. */
  characters: readonly string[];
  /** The tagger's rating option is on: a bare rating tag (`general`) leads `tags`. */
  ratingFirst: boolean;
}

const RATING_TAGS: ReadonlySet<string> = new Set(['general', 'sensitive', 'questionable', 'explicit']);

/** Whether the tags go into this prompt: the user's choice, else the preset's default. */
export const sendsTags = (llm: Pick<LlmConfig, 'promptTags'>, preset: Pick<PromptPreset, 'tags'>): boolean => llm.promptTags ?? preset.tags === 'on';

/** The prompt for one image. */
export function promptFor(llm: Pick<LlmConfig, 'preset' | 'template' | 'promptTags'>, inputs: PromptInputs): RenderedPrompt {
  const preset = PROMPT_PRESETS[llm.preset];
  // A bare rating word says nothing about the picture to a captioner ("general" is not a subject).
  const first = inputs.tags[0];
  const tags = inputs.ratingFirst && first !== undefined && RATING_TAGS.has(tagKey(first)) ? inputs.tags.slice(1) : inputs.tags;
  return renderPrompt(
    preset,
    {
      focus: inputs.focus,
      context: inputs.context,
      sentences: inputs.sentences,
      tags: sendsTags(llm, preset) ? tags : [],
      characters: inputs.characters,
      name: inputs.triggerWords[0] ?? '',
    },
    llm.template,
  );
}

export interface RequestLimits {
  sampling: RequestSampling;
  /** Longest side of the JPEG. */
  maxSide: number;
  /** Ollama's num_ctx; undefined for OpenAI-compatible servers, which size their context at start-up. */
  contextTokens: number | undefined;
}

/** Sampling, output limit, image side and (Ollama) context size for a prompt of `promptChars` characters. */
export function requestLimits(llm: LlmConfig, sentences: number, promptChars: number): RequestLimits {
  const preset = PROMPT_PRESETS[llm.preset];
  const maxTokens = outputLimit(llm, preset, sentences);
  const maxSide = imageSide(llm, preset);
  return {
    sampling: { ...preset.sampling, max_tokens: maxTokens },
    maxSide,
    contextTokens: llm.api === 'ollama' ? contextSize(llm.numCtx, maxSide, promptChars, maxTokens) : undefined,
  };
}
