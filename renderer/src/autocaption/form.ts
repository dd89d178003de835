import { normalizeTags } from '../../../shared/caption/index.ts';
import {
  DEFAULT_LLM_URLS,
  LlmConfigSchema,
  type AutoCaptionSettings,
  type LlmApi,
  type LlmConfig,
  type MergeMode,
} from '../../../shared/autocaption/config.ts';
import { formatTagRules, parseTagRules } from '../../../shared/autocaption/select-tags.ts';
import type { LlmCheck } from '../../../shared/contract/index.ts';
import type { DatasetSettings } from '../../../shared/settings.ts';
import type { PromptPresetId } from '../../../models/prompts.ts';
import type { JobCount } from '../../../shared/autocaption/needs-caption.ts';
import { buildRows, rowsFromSettings, withExtraEndpoints, type BuiltRows, type ExtraServerRow } from './extraServers.ts';

/*
 * The auto-caption dialog's form as plain data, and its translation to the job request. Numbers are
 * kept as the text typed (a field holding "0." must not be rewritten under the cursor) and checked
 * here, so every rule (ranges, required fields, tag-rule syntax) is unit-tested without a DOM.
 */

export interface AutoCaptionForm {
  useTagger: boolean;
  /** Registry id, repository name or folder path. */
  model: string;
  general: string;
  character: string;
  mcut: boolean;
  rating: boolean;
  /** Comma-separated tags. */
  exclude: string;
  /** One `from -> to` per line (shared/autocaption/select-tags.ts text form). */
  rules: string;
  useLlm: boolean;
  api: LlmApi;
  baseUrl: string;
  llmModel: string;
  preset: PromptPresetId;
  concurrency: string;
  /** The output limit as typed; '' is "not set": the preset's, else scaled with the sentence count. */
  maxTokens: string;
  /** Longest image side as typed; '' is "not set": the preset's own (ToriiGate 633, others 1024). */
  maxSide: string;
  /** Ollama's context size as typed. */
  numCtx: string;
  /** Send the tags to the model; null: as the preset says (off for JoyCaption, where they are experimental). */
  promptTags: boolean | null;
  /** More servers sharing the job beside the main one (extraServers.ts). */
  extraServers: ExtraServerRow[];
  /** Dataset settings (prompt placeholders), saved with settings.update when the job starts. */
  focus: string;
  context: string;
  sentences: string;
  mode: MergeMode;
}

export type FieldKey = 'model' | 'general' | 'character' | 'rules' | 'baseUrl' | 'llmModel' | 'concurrency' | 'maxTokens' | 'maxSide' | 'numCtx' | 'sentences' | 'engines' | 'extraServers';
export type FieldErrors = Partial<Record<FieldKey, string>>;

/** The usual local address of each API (llama.cpp's server for OpenAI-compatible, Ollama's own). */
export const DEFAULT_URLS = DEFAULT_LLM_URLS;

const DEFAULT_LLM: LlmConfig = LlmConfigSchema.parse({});

/** The form as the dataset's saved defaults describe it. */
export function formFromSettings(settings: DatasetSettings): AutoCaptionForm {
  const ac = settings.autoCaption;
  const llm = ac.llm;
  return {
    useTagger: ac.useTagger,
    model: ac.tagger.model,
    general: String(ac.tagger.general),
    character: String(ac.tagger.character),
    mcut: ac.tagger.mcut,
    rating: ac.tagger.rating,
    exclude: ac.tagger.exclude.join(', '),
    rules: formatTagRules(ac.tagger.rules),
    useLlm: ac.useLlm,
    api: llm.api,
    baseUrl: llm.baseUrl,
    llmModel: llm.model,
    preset: llm.preset,
    concurrency: String(llm.concurrency),
    maxTokens: llm.maxTokens === null ? '' : String(llm.maxTokens),
    maxSide: llm.maxSide === null ? '' : String(llm.maxSide),
    numCtx: String(llm.numCtx),
    promptTags: llm.promptTags,
    extraServers: rowsFromSettings(llm),
    focus: settings.focus,
    context: settings.context,
    sentences: String(settings.sentences),
    mode: ac.mode,
  };
}

/** Switching the API moves the URL to the new API's default, unless the user typed one of their own. */
export function switchApi(form: AutoCaptionForm, api: LlmApi): AutoCaptionForm {
  const url = form.baseUrl.trim();
  const untouched = url === '' || Object.values(DEFAULT_URLS).includes(url);
  return { ...form, api, baseUrl: untouched ? DEFAULT_URLS[api] : form.baseUrl };
}

type Parsed = { ok: true; value: number } | { ok: false; message: string };

function parseNumber(text: string, label: string, min: number, max: number, integer: boolean): Parsed {
  const t = text.trim();
  const n = t === '' ? Number.NaN : Number(t);
  const kind = integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    return { ok: false, message: `${label} must be ${kind} from ${min} to ${max}.` };
  }
  return { ok: true, value: n };
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An empty field is "not set" (null), kept apart from any value. */
function parseOptional(text: string, label: string, min: number, max: number): { ok: true; value: number | null } | { ok: false; message: string } {
  return text.trim() === '' ? { ok: true, value: null } : parseNumber(text, label, min, max, true);
}

const parseMaxTokens = (form: AutoCaptionForm) => parseOptional(form.maxTokens, 'Max tokens', 16, 65_536);
const parseMaxSide = (form: AutoCaptionForm) => parseOptional(form.maxSide, 'Image size', 64, 4096);
const parseNumCtx = (form: AutoCaptionForm) => parseNumber(form.numCtx, 'Context size', 2048, 262_144, true);

/** The LLM part of the form as a config (over the saved one, so fields the form lacks survive); null when the URL is not usable. */
export function llmFromForm(form: AutoCaptionForm, base: LlmConfig | null): LlmConfig | null {
  if (!isHttpUrl(form.baseUrl)) return null;
  return { ...promptConfig(form, base), baseUrl: form.baseUrl.trim() };
}

/** What the prompt and its limits depend on, whatever the URL field holds (the prompt preview needs no server). */
export function promptConfig(form: AutoCaptionForm, base: LlmConfig | null): LlmConfig {
  const concurrency = parseNumber(form.concurrency, 'Concurrency', 1, 32, true);
  const maxTokens = parseMaxTokens(form);
  const maxSide = parseMaxSide(form);
  const numCtx = parseNumCtx(form);
  return {
    ...(base ?? DEFAULT_LLM),
    api: form.api,
    model: form.llmModel.trim(),
    preset: form.preset,
    promptTags: form.promptTags,
    ...(concurrency.ok ? { concurrency: concurrency.value } : {}),
    ...(maxTokens.ok ? { maxTokens: maxTokens.value } : {}),
    ...(maxSide.ok ? { maxSide: maxSide.value } : {}),
    ...(numCtx.ok ? { numCtx: numCtx.value } : {}),
  };
}

const llmWithExtras = (llm: LlmConfig | null, extra: BuiltRows): LlmConfig | null =>
  llm && extra.ok ? withExtraEndpoints(llm, extra.value) : llm;

/** After "Test connection": a field left empty takes the model the check chose (the first the server lists). */
export const withCheckedModel = (form: AutoCaptionForm, check: Pick<LlmCheck, 'model'>): AutoCaptionForm =>
  form.llmModel.trim() === '' && check.model !== '' ? { ...form, llmModel: check.model } : form;

export interface JobRequestParts {
  settings: AutoCaptionSettings;
  /** The dataset settings the prompt reads; null when the LLM is off (they are not used, so not saved). */
  prompt: { focus: string; context: string; sentences: number } | null;
}

export type BuiltForm = { ok: true; value: JobRequestParts } | { ok: false; errors: FieldErrors };

/**
 * Checks the form and builds the job's settings over the saved ones: fields the dialog does not show
 * (batch size, timeouts, a custom template, keys a later version adds) are kept as they were.
 * Fields of a part that is switched off are not checked: a half-typed LLM URL must not block a
 * tags-only run.
 */
export function buildFromForm(form: AutoCaptionForm, base: AutoCaptionSettings): BuiltForm {
  const errors: FieldErrors = {};
  if (!form.useTagger && !form.useLlm) errors.engines = 'Turn on the tagger, the vision LLM, or both.';

  const general = parseNumber(form.general, 'General threshold', 0, 1, false);
  const character = parseNumber(form.character, 'Character threshold', 0, 1, false);
  const rules = parseTagRules(form.rules);
  if (form.useTagger) {
    if (form.model.trim() === '') errors.model = 'Enter the folder that holds model.onnx and selected_tags.csv, or choose a listed model.';
    if (!general.ok) errors.general = general.message;
    if (!character.ok) errors.character = character.message;
    if (!rules.ok) errors.rules = `Tag rules, ${rules.error.message}`;
  }

  const concurrency = parseNumber(form.concurrency, 'Concurrency', 1, 32, true);
  const sentences = parseNumber(form.sentences, 'Sentences', 1, 20, true);
  if (form.useLlm) {
    if (!isHttpUrl(form.baseUrl)) errors.baseUrl = 'Server URL must start with http:// or https://.';
    if (form.llmModel.trim() === '') errors.llmModel = 'Enter the model name the server serves.';
    if (!concurrency.ok) errors.concurrency = concurrency.message;
    if (!sentences.ok) errors.sentences = sentences.message;
    const maxTokens = parseMaxTokens(form);
    if (!maxTokens.ok) errors.maxTokens = `${maxTokens.message} Leave it empty for the preset's limit.`;
    const maxSide = parseMaxSide(form);
    if (!maxSide.ok) errors.maxSide = `${maxSide.message} Leave it empty for the preset's size.`;
    // Only Ollama reads it; another API's job must not be blocked by a field it ignores.
    const numCtx = parseNumCtx(form);
    if (form.api === 'ollama' && !numCtx.ok) errors.numCtx = numCtx.message;
  }
  const extra = buildRows(form.extraServers);
  if (form.useLlm && !extra.ok) errors.extraServers = extra.message;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const tagger = {
    ...base.tagger,
    model: form.model.trim(),
    ...(general.ok ? { general: general.value } : {}),
    ...(character.ok ? { character: character.value } : {}),
    mcut: form.mcut,
    rating: form.rating,
    exclude: [...new Set(normalizeTags([form.exclude]))],
    ...(rules.ok ? { rules: rules.value } : {}),
  };
  const settings: AutoCaptionSettings = {
    ...base,
    // A tags-only run leaves the saved tagger settings as they were when the tagger is off.
    tagger: form.useTagger ? tagger : base.tagger,
    // Off, the LLM's saved settings stay as they were, ready for the next time it is switched on.
    llm: (form.useLlm ? llmWithExtras(llmFromForm(form, base.llm), extra) : null) ?? base.llm,
    useLlm: form.useLlm,
    useTagger: form.useTagger,
    mode: form.mode,
  };
  return {
    ok: true,
    value: {
      settings,
      prompt: form.useLlm && sentences.ok ? { focus: form.focus.trim(), context: form.context.trim(), sentences: sentences.value } : null,
    },
  };
}

/** The dataset settings to patch before the job starts: only what the user changed. */
export function promptPatch(
  prompt: JobRequestParts['prompt'],
  saved: Pick<DatasetSettings, 'focus' | 'context' | 'sentences'>,
): Partial<Pick<DatasetSettings, 'focus' | 'context' | 'sentences'>> | null {
  if (!prompt) return null;
  const patch: Partial<Pick<DatasetSettings, 'focus' | 'context' | 'sentences'>> = {};
  if (prompt.focus !== saved.focus) patch.focus = prompt.focus;
  if (prompt.context !== saved.context) patch.context = prompt.context;
  if (prompt.sentences !== saved.sentences) patch.sentences = prompt.sentences;
  return Object.keys(patch).length > 0 ? patch : null;
}

export interface StartCheck {
  built: BuiltForm;
  /** Why no job may start now (another one runs or waits), from jobView.startBlocker. */
  blocker: string | null;
  /** Images in the chosen scope, and how many of them the job would caption under the mode (needs-caption.ts countJob). */
  count: JobCount;
  mode: MergeMode;
  replaceConfirmed: boolean;
  /** The results are shown for Accept / Discard before anything is written (a single-image re-caption). */
  review: boolean;
  /** The LLM URL came with the dataset and is not confirmed yet (the backend would refuse it). */
  llmUrlUnconfirmed?: boolean;
}

/** The one line next to the Start button saying why it is disabled, or null when the job can start. */
export function startProblem({ built, blocker, count, mode, replaceConfirmed, review, llmUrlUnconfirmed = false }: StartCheck): string | null {
  if (blocker) return blocker;
  if (count.inScope === 0) return 'No images in the chosen scope.';
  if (count.toCaption === 0) return 'Nothing to caption: every image in the scope has a caption. Choose another merge mode to redo them.';
  if (!built.ok) return built.errors.engines ?? 'Fix the marked fields first.';
  if (llmUrlUnconfirmed) return 'Confirm the server URL that came with the dataset, or type another.';
  // A reviewed result is a proposal: Accept is the confirmation.
  if (mode === 'replace' && !replaceConfirmed && !review) return 'Confirm that existing captions will be replaced.';
  return null;
}
