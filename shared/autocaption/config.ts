import * as z from '../schema/zod-mini.ts';
import { DEFAULT_PROMPT_PRESET, PRESET_ID_INPUTS, canonicalPresetId } from '../../models/prompts.ts';
import { DEFAULT_WD14_MODEL } from '../../models/wd14.ts';

/**
 * Auto-caption settings. Stored per dataset in .tagsmith/settings.json under `autoCaption` (never an
 * API key: keys come from the environment or the user's config folder, so a dataset folder can be
 * shared or committed without leaking one). Every field has a default, so `{}` is a full config.
 * Loose objects, like the settings file itself: fields a later version adds survive a rewrite.
 */

const intIn = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
/** A score threshold, 0-1. */
const share = () => z.number().check(z.minimum(0), z.maximum(1));

/** A tag-mapping rule: `1girl -> woman`; an empty `to` drops the tag (`simple background ->`). */
export const TagRuleSchema = z.strictObject({ from: z.string().check(z.minLength(1)), to: z.string() });
export type TagRule = z.infer<typeof TagRuleSchema>;

export const TaggerConfigSchema = z.looseObject({
  /** A registry id (models/wd14.ts), a repository name, or a folder holding model.onnx + selected_tags.csv. */
  model: z._default(z.string().check(z.minLength(1)), DEFAULT_WD14_MODEL),
  general: z._default(share(), 0.35),
  character: z._default(share(), 0.85),
  /** Threshold each image at the largest gap of its sorted scores instead of the fixed values. */
  mcut: z._default(z.boolean(), false),
  /** Add the most likely rating tag (general, sensitive, questionable, explicit). */
  rating: z._default(z.boolean(), false),
  characterFirst: z._default(z.boolean(), true),
  /** Keep booru underscores (`long_hair`); default writes `long hair`. Kaomoji such as `^_^` are always kept. */
  keepUnderscores: z._default(z.boolean(), false),
  exclude: z._default(z.array(z.string()), () => []),
  rules: z._default(z.array(TagRuleSchema), () => []),
  /** Images per tagger batch; unset: chosen for the device the tagger runs on (device.ts, defaultBatchSize). */
  batchSize: z.optional(intIn(1, 64)),
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

/**
 * A further server beside the main one (`baseUrl`), sharing a job's images: same API, preset and
 * limits, its own URL, model and concurrency. Its API key, like the main one's, comes only from this
 * machine (the per-user config file, bound to the URL's origin), never from the dataset.
 */
export const LlmExtraEndpointSchema = z.looseObject({
  baseUrl: z.string().check(z.minLength(1)),
  /** Empty: the main model name (a llama.cpp server answers with the one model it loaded anyway). */
  model: z._default(z.string(), ''),
  concurrency: z._default(intIn(1, 32), 2),
});
export type LlmExtraEndpoint = z.infer<typeof LlmExtraEndpointSchema>;

export const LlmConfigSchema = z.looseObject({
  api: z._default(z.enum(LLM_APIS), 'openai'),
  /** OpenAI-compatible: the base URL ending in /v1 (llama.cpp :8080, vLLM :8000, LM Studio :1234). Ollama: the host (:11434). */
  baseUrl: z._default(z.string(), DEFAULT_LLM_URLS.openai),
  model: z._default(z.string(), ''),
  /** A preset id; the older `joycaption` and `qwen-vl` read as the presets they meant (models/prompts.ts). */
  preset: z._default(z.pipe(z.enum(PRESET_ID_INPUTS), z.transform(canonicalPresetId)), DEFAULT_PROMPT_PRESET),
  /** Replaces the preset's template when set; same placeholders. */
  template: z.optional(z.string().check(z.maxLength(8000))),
  /**
   * Longest side of the JPEG sent to the model. null: the preset's own (ToriiGate's card feeds about
   * 633 px, the others 1024), so a preset's default and a user's choice stay apart.
   */
  maxSide: z._default(z.nullable(intIn(64, 4096)), null),
  /**
   * The output limit (max_tokens / num_predict). null: the preset's, else about 40 tokens per sentence
   * plus headroom (shared/autocaption/output-limit.ts); a thinking model gets room to reason.
   */
  maxTokens: z._default(z.nullable(intIn(16, 65_536)), null),
  /** Ollama's context window (options.num_ctx); raised per request when image + prompt + answer need more. */
  numCtx: z._default(intIn(2048, 262_144), 8192),
  /** Whether the tagger's tags go into the prompt. null: the preset decides (off where the model was not trained on them). */
  promptTags: z._default(z.nullable(z.boolean()), null),
  concurrency: z._default(intIn(1, 32), 2),
  timeoutMs: z._default(intIn(1000, 3_600_000), 120_000),
  retries: z._default(intIn(0, 10), 3),
  /**
   * More servers for the same job (several GPU boxes): the job keeps each of them busy, moves an image
   * off a server that stops answering and retires that server. Absent in older settings files: one server.
   */
  extraEndpoints: z.optional(z.array(LlmExtraEndpointSchema).check(z.maxLength(31))),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

/** One server a job sends images to: the main one first, then the extra ones in their order. */
export interface LlmServerSpec {
  baseUrl: string;
  model: string;
  concurrency: number;
}

/** Every server of these settings; an extra endpoint without a model name takes the main one's. */
export function llmServers(llm: LlmConfig): LlmServerSpec[] {
  const main = { baseUrl: llm.baseUrl, model: llm.model, concurrency: llm.concurrency };
  const extra = (llm.extraEndpoints ?? []).map((e) => ({ baseUrl: e.baseUrl, model: e.model.trim() === '' ? llm.model : e.model, concurrency: e.concurrency }));
  return [main, ...extra];
}

export const MERGE_MODES = ['skip', 'append', 'replace'] as const;
/** skip: leave images that have a caption; append: add only new tags (and sentences where none); replace: write anew. */
export type MergeMode = (typeof MERGE_MODES)[number];

export const AutoCaptionSettingsSchema = z.looseObject({
  tagger: z._default(TaggerConfigSchema, () => TaggerConfigSchema.parse({})),
  /** Whether the vision LLM runs; off: tags only (the `tagsmith tag` flow). Its settings are kept either way. */
  useLlm: z._default(z.boolean(), false),
  llm: z._default(LlmConfigSchema, () => LlmConfigSchema.parse({})),
  /** Whether the tagger runs at all; without it the LLM gets no grounding tags. */
  useTagger: z._default(z.boolean(), true),
  mode: z._default(z.enum(MERGE_MODES), 'skip'),
});
export type AutoCaptionSettings = z.infer<typeof AutoCaptionSettingsSchema>;
