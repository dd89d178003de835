import { Ollama } from 'ollama';
import type { ChatRequest, Message } from 'ollama';
import type { RawAnswer } from './answer.ts';
import { AttemptError, malformed, networkFailure, oneLine, statusFailure } from './errors.ts';
import type { AttemptFailure } from './errors.ts';
import { parseRetryAfter } from './retry.ts';
import { isRecord, stringOrNull } from './transport.ts';
import type { Transport } from './transport.ts';
import type { DescribeRequest, LlmEndpoint } from './types.ts';

/**
 * Ollama's native API through the `ollama` package. The package cannot cancel a non-streamed
 * request (its abort() reaches only streamed ones, and all of them at once), so every request gets
 * its own instance whose fetch carries that request's signal. The same fetch turns an HTTP error
 * into our failure while the response headers (Retry-After) are still at hand; the package's own
 * error type drops them, and it logs to the console on non-JSON error bodies.
 */
export function ollamaTransport(endpoint: LlmEndpoint): Transport {
  const headers = endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : undefined;
  const run = async <T>(signal: AbortSignal, path: string, call: (client: Ollama) => Promise<T>): Promise<T> => {
    const boundFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, { ...init, signal });
      if (!response.ok) {
        const retryAfterMs = parseRetryAfter(response.headers);
        throw new AttemptError(statusFailure(response.status, await errorDetail(response), { endpoint, path, retryAfterMs }));
      }
      return response;
    };
    return call(new Ollama({ host: endpoint.baseUrl, fetch: boundFetch, headers }));
  };
  return {
    chat: (req, signal) => run(signal, '/api/chat', async (client) => readChat(await client.chat(chatRequest(req.model ?? endpoint.model, req)))),
    listModels: (signal) => run(signal, '/api/tags', async (client) => readTags(await client.list())),
    declaredVision: (signal, model) => run(signal, '/api/show', async (client) => readCapabilities(await client.show({ model }))),
    classify: classifyOllama,
  };
}

/** Ollama answers errors as `{"error": "..."}`; a proxy in front may send HTML or plain text. */
async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body.error === 'string') return oneLine(body.error);
    if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') return oneLine(body.error.message);
  } catch {
    // Not JSON: the text itself, below.
  }
  return oneLine(text);
}

export function chatRequest(model: string, req: DescribeRequest): ChatRequest & { stream: false } {
  const messages: Message[] = [];
  if (req.system !== null) messages.push({ role: 'system', content: req.system });
  // A Uint8Array, not a base64 string: the package would first test a string as a file path.
  messages.push({ role: 'user', content: req.user, images: [req.jpeg] });
  const s = req.sampling;
  const options: ChatRequest['options'] = { temperature: s.temperature, top_p: s.top_p, num_predict: s.max_tokens };
  // Ollama's default context (2048 in older versions, 4096 below 24 GiB of VRAM) cannot hold a
  // 1024 px image (~1,300 tokens for Qwen2.5-VL) plus the prompt and the answer.
  if (req.contextTokens !== undefined) options.num_ctx = req.contextTokens;
  if (s.top_k !== undefined) options.top_k = s.top_k;
  if (s.presence_penalty !== undefined) options.presence_penalty = s.presence_penalty;
  return { model, messages, stream: false, options };
}

function readChat(response: unknown): RawAnswer {
  if (!isRecord(response) || !isRecord(response.message)) throw malformed('the answer has no "message" object');
  const content = response.message.content;
  if (content !== undefined && content !== null && typeof content !== 'string') throw malformed('message.content is not text');
  return { text: stringOrNull(content), refusal: null, finishReason: stringOrNull(response.done_reason) };
}

/** `capabilities` lists "vision" for models that take images; Ollama versions from before the field omit it (not told). */
function readCapabilities(response: unknown): { vision: boolean; source: string } | null {
  if (!isRecord(response) || !Array.isArray(response.capabilities)) return null;
  return { vision: response.capabilities.includes('vision'), source: 'Ollama /api/show' };
}

function readTags(response: unknown): string[] {
  if (!isRecord(response) || !Array.isArray(response.models)) throw malformed('the model list has no "models" array');
  return response.models.map((m: unknown) => (isRecord(m) ? stringOrNull(m.name) ?? stringOrNull(m.model) : null)).filter((n): n is string => n !== null);
}

function classifyOllama(thrown: unknown): AttemptFailure {
  if (thrown instanceof AttemptError) return thrown.failure;
  if (thrown instanceof SyntaxError) return { kind: 'malformed', message: `the answer is not valid JSON (${oneLine(thrown.message, 80)})`, retry: 'once' };
  return networkFailure(thrown);
}
