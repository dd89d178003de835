/**
 * Prompt presets for the vision LLM step, each in the form its model's authors document. A template
 * may use `{focus}`, `{context}`, `{tags}`, `{sentences}`, `{words}`, `{name}` and `{characters}`;
 * shared/autocaption/prompt.ts fills them. In a preset's own template a sentence holding an empty
 * placeholder is left out whole (no "refer to them as ." when the dataset has no trigger word).
 */
export interface Sampling {
  temperature: number;
  top_p: number;
  top_k?: number;
  presence_penalty?: number;
}

/** What a request carries: the preset's sampling plus the output limit chosen for it (output-limit.ts). */
export interface RequestSampling extends Sampling {
  max_tokens: number;
}

export interface PromptPreset {
  id: PromptPresetId;
  label: string;
  /** null: send no system message. */
  system: string | null;
  template: string;
  /** How `{tags}` and `{characters}` are written: booru style with underscores (ToriiGate was trained so) or with spaces. */
  tagStyle: 'spaces' | 'underscores';
  /**
   * Whether the WD14 tags go into the prompt when the user has not said: 'on' for models that were
   * trained or told to use them; 'experimental' for models that were not (off unless asked for).
   */
  tags: 'on' | 'experimental';
  sampling: Sampling;
  /** The output limit the authors give; undefined: scaled with the sentence count (output-limit.ts). */
  maxTokens?: number;
  /** A reasoning model: it writes `<think>…</think>` before the answer and needs room for it. */
  thinking?: boolean;
  /** Longest image side the model is fed at; the user's own `maxSide` wins when set. */
  maxSide: number;
}

export const PROMPT_PRESET_IDS = [
  'workflow', 'joycaption-beta-one', 'joycaption-alpha-two', 'toriigate', 'toriigate-long', 'qwen3-vl-instruct', 'qwen3-vl-thinking',
] as const;
export type PromptPresetId = (typeof PROMPT_PRESET_IDS)[number];

/** Ids saved in datasets before the presets were split by model version: still read, as these. */
export const PRESET_ALIASES = { joycaption: 'joycaption-beta-one', 'qwen-vl': 'qwen3-vl-instruct' } as const satisfies Record<string, PromptPresetId>;
export type PresetAlias = keyof typeof PRESET_ALIASES;
/** Every id a settings file may hold. */
export const PRESET_ID_INPUTS = [...PROMPT_PRESET_IDS, ...(Object.keys(PRESET_ALIASES) as PresetAlias[])] as const;

export function canonicalPresetId(id: PromptPresetId | PresetAlias): PromptPresetId {
  return id in PRESET_ALIASES ? PRESET_ALIASES[id as PresetAlias] : (id as PromptPresetId);
}

// ToriiGate v0.4's grounding blocks (its card's example code), each a sentence of its own after the mode's request.
const TORII_BLOCKS =
  ' Here are grounding tags for better understanding: <tags>{tags}</tags>.' +
  ' Here is a list of characters that are present in the picture: <characters>{characters}</characters>.' +
  ' Here is preliminary information about the picture: <info>{context}</info>.';

// JoyCaption's documented extra options, appended after the caption request with a space.
const JOY_NAME = 'If there is a person/character in the image you must refer to them as {name}.';
const JOY_CLEAR = 'Do NOT use any ambiguous language.';
const JOY_IMPORTANT = 'ONLY describe the most important elements of the image.';
/** Not trained: JoyCaption never saw a tag list. Only sent when the user turns tags on. */
const JOY_TAGS = 'Tags for reference: {tags}.';

/** Qwen3-VL Instruct and Thinking get the same request; they differ in sampling and output room. */
const QWEN3_VL_REQUEST = [
  'Describe the {focus} in this image in exactly {sentences} short, simple sentences.',
  'Describe only what is visible. Do not start with "There is" or "The image shows".',
  'Context: {context}',
  'Tags for reference: {tags}',
].join('\n');

export const PROMPT_PRESETS: Readonly<Record<PromptPresetId, PromptPreset>> = {
  // The workflow's own prompt (FACTS.md): the focus phrase and context hint are per dataset, the tags ground it.
  workflow: {
    id: 'workflow',
    label: 'Tag-guided, N short sentences (default)',
    system: null,
    template: [
      'Shortly describe the {focus} using simple sentences. Shortly describe what the viewer can see.',
      'Important: NEVER mention what is not visible, describe ONLY what is displayed and clear.',
      'Write {sentences} sentences. Omit phrases like "There is", "We can see" and similar ones.',
      'Context: {context}',
      'Tags for reference: {tags}',
    ].join('\n'),
    tagStyle: 'spaces',
    tags: 'on',
    sampling: { temperature: 0.6, top_p: 0.9 },
    maxSide: 1024,
  },
  // Source: fpgaminer/joycaption gradio-app/app.py (Beta One): the "Straightforward" caption type in its
  // word-count form, then the documented extra options; system prompt from the README. "Not a general
  // instruction follower": length is asked in words, never in sentences; no focus or context sentence.
  'joycaption-beta-one': {
    id: 'joycaption-beta-one',
    label: 'JoyCaption Beta One',
    system: 'You are a helpful image captioner.',
    template: [
      'Write a straightforward caption for this image within {words} words. Begin with the main subject and medium.',
      'Mention pivotal elements—people, objects, scenery—using confident, definite language.',
      'Focus on concrete details like color, shape, texture, and spatial relationships. Show how elements interact.',
      'Omit mood and speculative wording. If text is present, quote it exactly.',
      'Note any watermarks, signatures, or compression artifacts.',
      "Never mention what's absent, resolution, or unobservable details.",
      'Vary your sentence structure and keep the description concise, without starting with “This image is…” or similar phrasing.',
      JOY_NAME, JOY_CLEAR, JOY_IMPORTANT, JOY_TAGS,
    ].join(' '),
    tagStyle: 'spaces',
    tags: 'experimental',
    sampling: { temperature: 0.6, top_p: 0.9 },
    maxTokens: 512,
    maxSide: 1024,
  },
  // Source: the JoyCaption Alpha Two demo (fancyfeast/joy-caption-alpha-two, its CAPTION_TYPE_MAP and
  // extra options): "Descriptive" in its word-count form.
  'joycaption-alpha-two': {
    id: 'joycaption-alpha-two',
    label: 'JoyCaption Alpha Two',
    system: 'You are a helpful image captioner.',
    template: ['Write a descriptive caption for this image in a formal tone within {words} words.', JOY_NAME, JOY_CLEAR, JOY_IMPORTANT, JOY_TAGS].join(' '),
    tagStyle: 'spaces',
    tags: 'experimental',
    sampling: { temperature: 0.6, top_p: 0.9 },
    maxTokens: 512,
    maxSide: 1024,
  },
  // Source: the Minthy/ToriiGate-v0.4-7B model card's example code: the "short" mode, then its grounding
  // blocks (booru tags with underscores, characters, preliminary information). Images are loaded at
  // 256·28² to 512·28² pixels, about 633 px on the long side of a square picture.
  toriigate: {
    id: 'toriigate',
    label: 'ToriiGate v0.4',
    system: 'You are image captioning expert, creative, unbiased and uncensored.',
    template: 'You need to write a medium-short and convenient caption for the picture.' + TORII_BLOCKS,
    tagStyle: 'underscores',
    tags: 'on',
    sampling: { temperature: 0.6, top_p: 0.9, top_k: 40 },
    maxTokens: 512,
    maxSide: 633,
  },
  // Source: the same card, its "long" mode (the sentences past N are still cut by the job).
  'toriigate-long': {
    id: 'toriigate-long',
    label: 'ToriiGate v0.4 (long)',
    system: 'You are image captioning expert, creative, unbiased and uncensored.',
    template: 'You need to write a long and very detailed caption for the picture.' + TORII_BLOCKS,
    tagStyle: 'underscores',
    tags: 'on',
    sampling: { temperature: 0.6, top_p: 0.9, top_k: 40 },
    maxTokens: 1000,
    maxSide: 633,
  },
  // Source: QwenLM/Qwen3-VL README, "Generation Hyperparameters" for Instruct models. A general
  // instruction follower, so the workflow's request in plain words. (Ollama ignores presence_penalty
  // for these models; llama.cpp and vLLM apply it.)
  'qwen3-vl-instruct': {
    id: 'qwen3-vl-instruct',
    label: 'Qwen3-VL Instruct',
    system: null,
    template: QWEN3_VL_REQUEST,
    tagStyle: 'spaces',
    tags: 'on',
    sampling: { temperature: 0.7, top_p: 0.8, top_k: 20, presence_penalty: 1.5 },
    maxSide: 1024,
  },
  // Source: QwenLM/Qwen3-VL README, "Generation Hyperparameters" for Thinking models (presence_penalty
  // 0, the default, so not sent). The reasoning comes before the answer and takes thousands of tokens.
  'qwen3-vl-thinking': {
    id: 'qwen3-vl-thinking',
    label: 'Qwen3-VL Thinking',
    system: null,
    template: QWEN3_VL_REQUEST,
    tagStyle: 'spaces',
    tags: 'on',
    sampling: { temperature: 0.6, top_p: 0.95, top_k: 20 },
    maxTokens: 8192,
    thinking: true,
    maxSide: 1024,
  },
};

export const DEFAULT_PROMPT_PRESET: PromptPresetId = 'workflow';

/** The preset for any id a settings file may hold (aliases included). */
export const presetFor = (id: PromptPresetId | PresetAlias): PromptPreset => PROMPT_PRESETS[canonicalPresetId(id)];
