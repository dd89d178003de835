import * as z from 'zod';
import { DEFAULT_LLM_URLS } from '../../../shared/autocaption/config.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { chooseKey, configKeyBindings, envKeyBindings, llmOrigin, typedUrlBinding, type Env, type KeyBinding, type KeyChoice } from '../llm/key-binding.ts';
import { loadConfigSection, sectionProblem, updateConfigFile, type LoadedSection } from './prefs-file.ts';

/*
 * The machine-level LLM section of the per-user config file (`llm` beside `editor`): API keys, each
 * stored with the base URL it is for, and the dataset LLM URLs this user confirmed. It lives outside
 * every dataset, so a dataset someone shares can neither carry a key nor confirm its own URL, and it
 * never goes to a client (prefs.get leaves it out).
 *
 *   "llm": {
 *     "keys": [{ "baseUrl": "https://openrouter.ai/api/v1", "apiKey": "sk-or-…" }],
 *     "confirmed": [{ "root": "/data/sets/girl", "baseUrl": "http://10.0.0.5:8080/v1" }]
 *   }
 */

const KeyEntrySchema = z.looseObject({ baseUrl: z.string().optional(), apiKey: z.string().optional() });
const ConfirmationSchema = z.looseObject({ root: z.string(), baseUrl: z.string() });
export const LlmSectionSchema = z.looseObject({
  keys: z.array(KeyEntrySchema).default(() => []),
  confirmed: z.array(ConfirmationSchema).default(() => []),
});
export type LlmSection = z.infer<typeof LlmSectionSchema>;

/** The config file's key in which the section lives; prefs.get strips it. */
export const LLM_SECTION = 'llm';

export type LoadedLlmSection = LoadedSection<LlmSection>;

/** No keys and no confirmations are read from an invalid file or section, and none are saved into it. */
export const loadLlmSection = (file: string): Promise<LoadedLlmSection> => loadConfigSection(file, LLM_SECTION, LlmSectionSchema);

/** Where the keys of this process come from. */
export interface KeySources {
  /** The per-user config file; null: none (tests that want only the environment). */
  configFile: string | null;
  /** Read at each call, so a test's stubbed environment is seen. Default process.env. */
  env?: () => Env;
  /** A URL typed on this run's command line (`tagsmith caption --llm`). */
  typedUrl?: string;
}

export async function keyBindings(sources: KeySources): Promise<KeyBinding[]> {
  const env = sources.env?.() ?? process.env;
  const bindings = envKeyBindings(env);
  if (sources.configFile) bindings.push(...configKeyBindings((await loadLlmSection(sources.configFile)).section.keys, sources.configFile));
  const typed = sources.typedUrl ? typedUrlBinding(env, sources.typedUrl) : null;
  if (typed) bindings.push(typed);
  return bindings;
}

/** The key for a request to `baseUrl`: only one configured for its origin (key-binding.ts). */
export async function keyFor(baseUrl: string, sources: KeySources): Promise<KeyChoice> {
  return chooseKey(baseUrl, await keyBindings(sources));
}

/** One spelling per URL, so a confirmation matches however the settings file writes it. */
export function normaliseUrl(url: string): string {
  const text = url.trim();
  if (!llmOrigin(text)) return text;
  return new URL(text).href;
}

const isDefaultUrl = (url: string): boolean => Object.values(DEFAULT_LLM_URLS).some((d) => normaliseUrl(d) === normaliseUrl(url));

/**
 * May requests go to `baseUrl` for the dataset at `root` without asking: Tagsmith's own default
 * address, an origin this user configured a key for, or a URL this user confirmed for this dataset.
 */
export async function isTrustedUrl(file: string, root: string, baseUrl: string, sources: KeySources): Promise<boolean> {
  if (isDefaultUrl(baseUrl)) return true;
  const origin = llmOrigin(baseUrl);
  if (origin && (await keyBindings({ ...sources, typedUrl: undefined })).some((b) => b.origin === origin)) return true;
  const wanted = normaliseUrl(baseUrl);
  return (await loadLlmSection(file)).section.confirmed.some((c) => c.root === root && normaliseUrl(c.baseUrl) === wanted);
}

/** Remembers that this user confirmed (or typed) `baseUrl` for the dataset at `root`. */
export async function rememberConfirmation(file: string, root: string, baseUrl: string): Promise<Result<void, AppError>> {
  const wanted = normaliseUrl(baseUrl);
  const saved = await updateConfigFile(file, (prefs) => {
    const raw = (prefs as Record<string, unknown>)[LLM_SECTION] ?? {};
    const section = LlmSectionSchema.safeParse(raw);
    if (!section.success) return err(sectionProblem(file, LLM_SECTION, section.error));
    if (section.data.confirmed.some((c) => c.root === root && normaliseUrl(c.baseUrl) === wanted)) return ok(prefs);
    const confirmed = [...section.data.confirmed, { root, baseUrl: wanted }];
    return ok({ ...prefs, [LLM_SECTION]: { ...(raw as Record<string, unknown>), confirmed } });
  });
  return saved.ok ? ok(undefined) : saved;
}

export interface UrlGateRequest {
  configFile: string;
  root: string;
  baseUrl: string;
  /** The dataset's saved LLM URL (settings.json): a request naming it did not get it from the user. */
  savedUrl: string | null;
  /** The user typed this URL in the dialog or confirmed the dataset's. */
  confirm: boolean;
  /** Remember the URL as confirmed once it passes (job.start: a resumed job must pass too). */
  remember: boolean;
  sources: KeySources;
}

export type UrlGate = Result<{ rememberProblem?: AppError }, AppError>;

/**
 * Whether a request may go to `baseUrl`. A URL equal to the dataset's saved one came with the dataset
 * and is refused until this user confirms it; any other URL in a request is one the user typed (the
 * client is the user's own editor behind the access token).
 */
export async function gateLlmUrl(req: UrlGateRequest): Promise<UrlGate> {
  if (await isTrustedUrl(req.configFile, req.root, req.baseUrl, req.sources)) return ok({});
  const fromDataset = req.savedUrl !== null && normaliseUrl(req.savedUrl) === normaliseUrl(req.baseUrl);
  if (fromDataset && !req.confirm) return err(unconfirmedError(req.baseUrl));
  if (!req.confirm && !req.remember) return ok({});
  const remembered = await rememberConfirmation(req.configFile, req.root, req.baseUrl);
  return ok(remembered.ok ? {} : { rememberProblem: remembered.error });
}

export const LLM_URL_UNCONFIRMED = 'llm-url-unconfirmed';

export function unconfirmedError(baseUrl: string): AppError {
  return {
    kind: LLM_URL_UNCONFIRMED,
    message: `nothing sent: the LLM server URL ${baseUrl.trim()} came with this dataset (.tagsmith/settings.json) and is not confirmed on this machine; confirm it in the Auto-caption dialog`,
  };
}
