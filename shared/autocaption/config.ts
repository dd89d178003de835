import { z } from 'zod';
import { DEFAULT_PROMPT_PRESET, PRESET_ID_INPUTS, canonicalPresetId } from '../../models/prompts.ts';
import { DEFAULT_WD14_MODEL } from '../../models/wd14.ts';

/**
 * Auto-caption settings. Stored per dataset in .tagsmith/settings.json under `autoCaption` (never an
 * API key: keys come from the environment or the user's config folder, so a dataset folder can be
 * shared or committed without leaking one). Every field has a default, so `{}` is a full config.
 * Loose objects, like the settings file itself: fields a later version adds survive a rewrite.
 */

/** A tag-mapping rule: `1girl -> woman`; an empty `to` drops the tag (`simple background ->`). */
export const TagRuleSchema = z.object({ from: z.string().min(1), to: z.string() }).strict();
export type TagRule = z.infer<typeof TagRuleSchema>;

export const TaggerConfigSchema = z.looseObject({
  /** A registry id (models/wd14.ts), a repository name, or a folder holding model.onnx + selected_tags.csv. */
  model: z.string().min(1).default(DEFAULT_WD14_MODEL),
  general: z.number().min(0).max(1).default(0.35),
  character: z.number().min(0).max(1).default(0.85),
  /** Threshold each image at the largest gap of its sorted scores instead of the fixed values. */
  mcut: z.boolean().default(false),
  /** Add the most likely rating tag (general, sensitive, questionable, explicit). */
  rating: z.boolean().default(false),
  characterFirst: z.boolean().default(true),
  /** Keep booru underscores (`long_hair`); default writes `long hair`. Kaomoji such as `^_^` are always kept. */
  keepUnderscores: z.boolean().default(false),
  exclude: z.array(z.string()).default(() => []),
  rules: z.array(TagRuleSchema).default(() => []),
  /** Images per tagger batch; unset: chosen for the device the tagger runs on (device.ts, defaultBatchSize). */
  batchSize: z.number().int().min(1).max(64).optional(),
});
export type TaggerConfig = z.infer<typeof TaggerConfigSchema>;

export const LLM_APIS = ['openai', 'ollama'] as const;
export type LlmApi = (typeof LLM_APIS)[number];

/**
 * The usual local address of each API (llama.cpp's server for OpenAI-compatible, Ollama's own). A
 * dataset naming one of these needs no confirmation before requests go to it: it says no more than a
 * dataset that names none.
 */
export const DEFAULT_LLM_URLS: Readonly<Record<LlmApi, string>> = {
  openai: 'http://127.0.0.1:8080/v1',
  ollama: 'http://127.0.0.1:11434',
};

export const LlmConfigSchema = z.looseObject({
  api: z.enum(LLM_APIS).default('openai'),
  /** OpenAI-compatible: the base URL ending in /v1 (llama.cpp :8080, vLLM :8000, LM Studio :1234). Ollama: the host (:11434). */
  baseUrl: z.string().default(DEFAULT_LLM_URLS.openai),
  model: z.string().default(''),
  /** A preset id; the older `joycaption` and `qwen-vl` read as the presets they meant (models/prompts.ts). */
  preset: z.enum(PRESET_ID_INPUTS).transform(canonicalPresetId).default(DEFAULT_PROMPT_PRESET),
  /** Replaces the preset's template when set; same placeholders. */
  template: z.string().max(8000).optional(),
  /**
   * Longest side of the JPEG sent to the model. null: the preset's own (ToriiGate's card feeds about
   * 633 px, the others 1024), so a preset's default and a user's choice stay apart.
   */
  maxSide: z.number().int().min(64).max(4096).nullable().default(null),
  /**
   * The output limit (max_tokens / num_predict). null: the preset's, else about 40 tokens per sentence
   * plus headroom (shared/autocaption/output-limit.ts); a thinking model gets room to reason.
   */
  maxTokens: z.number().int().min(16).max(65_536).nullable().default(null),
  /** Ollama's context window (options.num_ctx); raised per request when image + prompt + answer need more. */
  numCtx: z.number().int().min(2048).max(262_144).default(8192),
  /** Whether the tagger's tags go into the prompt. null: the preset decides (off where the model was not trained on them). */
  promptTags: z.boolean().nullable().default(null),
  concurrency: z.number().int().min(1).max(32).default(2),
  timeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  retries: z.number().int().min(0).max(10).default(3),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

export const MERGE_MODES = ['skip', 'append', 'replace'] as const;
/** skip: leave images that have a caption; append: add only new tags (and sentences where none); replace: write anew. */
export type MergeMode = (typeof MERGE_MODES)[number];

export const AutoCaptionSettingsSchema = z.looseObject({
  tagger: TaggerConfigSchema.default(() => TaggerConfigSchema.parse({})),
  /** Whether the vision LLM runs; off: tags only (the `tagsmith tag` flow). Its settings are kept either way. */
  useLlm: z.boolean().default(false),
  llm: LlmConfigSchema.default(() => LlmConfigSchema.parse({})),
  /** Whether the tagger runs at all; without it the LLM gets no grounding tags. */
  useTagger: z.boolean().default(true),
  mode: z.enum(MERGE_MODES).default('skip'),
});
export type AutoCaptionSettings = z.infer<typeof AutoCaptionSettingsSchema>;
