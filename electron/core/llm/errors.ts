import type { LlmEndpoint, LlmErrorKind } from './types.ts';

/**
 * How one attempt failed, before the retry loop decides what to do about it. `retry` is the policy:
 * transient trouble (5xx, 429, network, timeout) is retried up to the endpoint's budget; a malformed
 * answer is retried once (a truncated body from a restarting server is worth one more try, a server
 * that always answers garbage is not worth four); everything else is final.
 */
export interface AttemptFailure {
  kind: LlmErrorKind;
  /** One line, without the server prefix or the attempt count. */
  message: string;
  retry: 'always' | 'once' | 'never';
  /** From Retry-After / retry-after-ms, when the server sent one. */
  retryAfterMs?: number;
}

/** Thrown inside an attempt when the transport has already classified what went wrong. */
export class AttemptError extends Error {
  readonly failure: AttemptFailure;
  constructor(failure: AttemptFailure) {
    super(failure.message);
    this.name = 'AttemptError';
    this.failure = failure;
  }
}

export const malformed = (message: string): AttemptError => new AttemptError({ kind: 'malformed', message, retry: 'once' });

/** What an HTTP status means for us. `detail` is the server's own error text, already one line. */
export function statusFailure(
  status: number,
  detail: string,
  ctx: { endpoint: LlmEndpoint; path: string; retryAfterMs?: number | undefined },
): AttemptFailure {
  const said = detail ? `: ${detail}` : '';
  const base = { retryAfterMs: ctx.retryAfterMs };
  // Checked before the status: llama.cpp says it with a 500, which would otherwise be retried per image.
  if (saysNoVision(detail)) return noVision(ctx.endpoint, `HTTP ${status}${said}`);
  if (status === 401 || status === 403) {
    const { apiKey, keySource, keyNote } = ctx.endpoint;
    // A key configured for another URL is never sent, so a 401 here says so rather than "set a key".
    const hint = apiKey
      ? `the API key ${keySource ? `from ${keySource}` : 'in TAGSMITH_LLM_API_KEY (or OPENAI_API_KEY / OPENROUTER_API_KEY)'} was refused`
      : (keyNote ?? 'set TAGSMITH_LLM_API_KEY to the server\'s API key and TAGSMITH_LLM_BASE_URL to its URL');
    return { kind: 'auth', message: `HTTP ${status}${said}; ${hint}`, retry: 'never' };
  }
  if (status === 404) return { kind: 'not-found', message: `HTTP 404 for ${ctx.path}${said}; ${notFoundHint(ctx.endpoint)}`, retry: 'never' };
  if (status === 408) return { ...base, kind: 'timeout', message: `HTTP 408${said}`, retry: 'always' };
  if (status === 429) return { ...base, kind: 'rate-limited', message: `HTTP 429 rate limited${said}`, retry: 'always' };
  if (status >= 500) return { ...base, kind: 'server-error', message: `HTTP ${status}${said}`, retry: 'always' };
  return { kind: 'http', message: `HTTP ${status}${said}`, retry: 'never' };
}

/**
 * How servers say the loaded model takes no images: llama.cpp without --mmproj ("image input is not
 * supported - hint: … provide the mmproj", HTTP 500), vLLM serving a text-only model ("… is not a
 * multimodal model", "At most 0 image(s)"), LM Studio ("Model does not support images"), Ollama
 * ("… missing data required for image input").
 */
const NO_VISION = /image input is not supported|provide the mmproj|not a multimodal model|does not support (?:images|image input|vision)|missing data required for image input|at most 0 image/i;

export const saysNoVision = (detail: string): boolean => NO_VISION.test(detail);

/** Final for the whole job: every image would fail the same way. */
export function noVision(endpoint: LlmEndpoint, said: string): AttemptFailure {
  return { kind: 'no-vision', message: `${said ? `${said}; ` : ''}${noVisionHint(endpoint)}`, retry: 'never' };
}

/** One line on how to start the server so that it sees images. */
export function noVisionHint(endpoint: LlmEndpoint): string {
  if (endpoint.api === 'ollama') {
    return `the model "${endpoint.model}" takes no images: use a vision model ("ollama show ${endpoint.model || '<model>'}" lists vision under Capabilities), e.g. ollama pull qwen2.5vl:7b`;
  }
  return 'the server\'s model takes no images: start llama-server with --mmproj <projector>.gguf (or -hf <repo>, which fetches it) and -c 8192; in vLLM or LM Studio load a vision model';
}

function notFoundHint(endpoint: LlmEndpoint): string {
  const model = endpoint.model ? `"${endpoint.model}"` : '(none set)';
  return endpoint.api === 'ollama'
    ? `check the model ${model} (ollama pull ${endpoint.model || '<model>'}) and that the host has no /v1`
    : `check the model ${model} and that the base URL ends in /v1`;
}

/** Node's fetch error codes (on `cause`, possibly nested) in words a user can act on. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};
/** Node's fetch gives up on its own after 300 s without headers or body data, whatever our timeout. */
const FETCH_TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Transport-level failures: no HTTP status, the request never got a complete answer. */
export function networkFailure(thrown: unknown): AttemptFailure {
  const code = findCode(thrown);
  if (code && FETCH_TIMEOUT_CODES.has(code)) {
    return { kind: 'timeout', message: `no answer within Node's 300 s fetch limit (${code})`, retry: 'always' };
  }
  const words = code ? NETWORK_WORDS[code] : undefined;
  const message = code
    ? `${words ?? innermostMessage(thrown)} (${code})${code === 'ECONNREFUSED' ? '; is the server running?' : ''}`
    : `network error: ${innermostMessage(thrown)}`;
  return { kind: 'network', message, retry: 'always' };
}

function findCode(thrown: unknown): string | undefined {
  let e: unknown = thrown;
  for (let depth = 0; depth < 6 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(thrown: unknown): string {
  let e: unknown = thrown;
  let message = 'unknown error';
  for (let depth = 0; depth < 6 && e instanceof Error; depth++) {
    if (e.message) message = e.message;
    e = e.cause;
  }
  return oneLine(message);
}

/**
 * First non-empty line, capped: server error bodies can be stack traces, or HTML pages from a proxy
 * in front of the server (their text, without the markup, is the useful part: "502 Bad Gateway").
 */
export function oneLine(text: string, max = 200): string {
  if (/^\s*</.test(text)) text = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Names the server in messages. Which program listens is guessed from the API and the default port
 * of each (FACTS.md "Vision LLM serving"); the URL follows, so a wrong guess misleads nobody.
 */
export function serverName(endpoint: LlmEndpoint): string {
  const url = displayUrl(endpoint.baseUrl);
  if (endpoint.api === 'ollama') return `Ollama at ${url}`;
  let host = '';
  let port = '';
  try {
    const parsed = new URL(endpoint.baseUrl);
    host = parsed.hostname;
    port = parsed.port;
  } catch {
    return `server at ${url}`;
  }
  const byHost: Record<string, string> = { 'openrouter.ai': 'OpenRouter', 'api.openai.com': 'OpenAI' };
  const byPort: Record<string, string> = {
    '8080': 'llama.cpp', '8000': 'vLLM', '1234': 'LM Studio', '5001': 'KoboldCpp', '5000': 'text-generation-webui', '11434': 'Ollama',
  };
  const name = byHost[host] ?? byPort[port] ?? 'OpenAI-compatible server';
  return `${name} at ${url}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

export function displayUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}
