/*
 * Which API key, if any, goes with a request to an LLM server. A key is bound to the origin (scheme,
 * host, port) of the base URL the user configured it for on this machine; the URL a request names
 * (from a web client, a dataset's settings.json or a saved job) only selects among those bindings and
 * never attracts a key of its own. Pure: the environment and the config file's entries come in as
 * arguments, so every rule is table-tested (key-binding.test.ts).
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface KeyBinding {
  apiKey: string;
  /** Normalised origin the key may go to; null when its URL is missing or unusable (then it goes nowhere). */
  origin: string | null;
  /** Where it was configured, for messages ("TAGSMITH_LLM_API_KEY"); never the key itself. */
  source: string;
  /** What the binding says in a "no API key sent" line, e.g. "TAGSMITH_LLM_API_KEY is for https://x". */
  describe: string;
}

/** The key chosen for one base URL, or why none was sent although keys are configured. */
export interface KeyChoice {
  apiKey?: string;
  source?: string;
  note?: string;
}

/**
 * The origin a base URL's requests go to, normalised by the WHATWG URL parser (lower-case host,
 * default port dropped, IPv4 shorthands expanded, userinfo ignored); null for anything but http(s),
 * so an odd URL never matches a configured one (`new URL('file:/x').origin` is the string "null").
 */
export function llmOrigin(url: string | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin;
}

/** Environment keys and the base URL each is for; the order is the old priority (Tagsmith's own first). */
export const ENV_KEYS = [
  /** No default: set TAGSMITH_LLM_BASE_URL, or type the URL with `tagsmith caption --llm`. */
  { key: 'TAGSMITH_LLM_API_KEY', url: 'TAGSMITH_LLM_BASE_URL', fallback: null },
  /** The pair the OpenAI SDK reads, with the SDK's own default. */
  { key: 'OPENAI_API_KEY', url: 'OPENAI_BASE_URL', fallback: 'https://api.openai.com/v1' },
  /** An OpenRouter key is good at OpenRouter only. */
  { key: 'OPENROUTER_API_KEY', url: null, fallback: 'https://openrouter.ai/api/v1' },
] as const;

const value = (env: Env, name: string | null): string | undefined => (name ? env[name]?.trim() || undefined : undefined);

export function envKeyBindings(env: Env): KeyBinding[] {
  const out: KeyBinding[] = [];
  for (const spec of ENV_KEYS) {
    const apiKey = value(env, spec.key);
    if (!apiKey) continue;
    const set = value(env, spec.url);
    const url = set ?? spec.fallback ?? undefined;
    const origin = llmOrigin(url);
    const describe = origin
      ? `${spec.key} is for ${set ? `${spec.url}=` : ''}${origin}`
      : set
        ? `${spec.key} is for no usable URL (${spec.url} is not an http(s) URL)`
        : `${spec.key} is for no URL: set ${spec.url}`;
    out.push({ apiKey, origin, source: spec.key, describe });
  }
  return out;
}

/**
 * A URL typed on the command line of this run (`tagsmith caption --llm`) is configured for the
 * environment key whose own base-URL variable is unset: the user named both on this machine just now.
 * A key pinned to a URL (TAGSMITH_LLM_BASE_URL, OPENAI_BASE_URL) or good at one service only
 * (OpenRouter) stays with it.
 */
export function typedUrlBinding(env: Env, typedUrl: string): KeyBinding | null {
  for (const spec of ENV_KEYS) {
    const apiKey = value(env, spec.key);
    if (!apiKey || spec.url === null || value(env, spec.url)) continue;
    const origin = llmOrigin(typedUrl);
    return { apiKey, origin, source: `${spec.key} (with --llm)`, describe: `${spec.key} is for the --llm URL ${origin ?? typedUrl}` };
  }
  return null;
}

/** Keys from the per-user config file, each stored with the base URL it is for. */
export function configKeyBindings(entries: ReadonlyArray<{ baseUrl?: string; apiKey?: string }>, file: string): KeyBinding[] {
  const out: KeyBinding[] = [];
  for (const e of entries) {
    const apiKey = e.apiKey?.trim();
    if (!apiKey) continue;
    const origin = llmOrigin(e.baseUrl);
    const describe = origin ? `a key in ${file} is for ${origin}` : `a key in ${file} has no usable baseUrl`;
    out.push({ apiKey, origin, source: file, describe });
  }
  return out;
}

/** The first binding whose origin is the URL's; otherwise no key, and a note when keys exist. */
export function chooseKey(baseUrl: string, bindings: readonly KeyBinding[]): KeyChoice {
  const origin = llmOrigin(baseUrl);
  const hit = origin ? bindings.find((b) => b.origin === origin) : undefined;
  if (hit) return { apiKey: hit.apiKey, source: hit.source };
  if (bindings.length === 0) return {};
  const where = origin ?? (baseUrl.trim() || '(no URL)');
  return { note: `no API key sent: ${where} is not the URL the key is configured for (${bindings.map((b) => b.describe).join('; ')})` };
}
