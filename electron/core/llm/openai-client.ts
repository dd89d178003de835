import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { RawAnswer } from './answer.ts';
import { AttemptError, formatDuration, malformed, networkFailure, oneLine, statusFailure } from './errors.ts';
import type { AttemptFailure } from './errors.ts';
import { parseRetryAfter } from './retry.ts';
import { isRecord, stringOrNull } from './transport.ts';
import type { Transport } from './transport.ts';
import type { DescribeRequest, LlmEndpoint } from './types.ts';

/** llama.cpp and vLLM read these extra sampling fields from the body; OpenAI's schema lacks top_k. */
type ChatBody = ChatCompletionCreateParamsNonStreaming & { top_k?: number };

/** OpenAI-compatible servers (llama.cpp, vLLM, LM Studio, OpenRouter...) through the official SDK. */
export function openaiTransport(endpoint: LlmEndpoint): Transport {
  const client = new OpenAI({
    baseURL: endpoint.baseUrl,
    // Local servers run without a key; the SDK refuses to start without one, and they ignore it.
    apiKey: endpoint.apiKey ?? 'not-needed',
    // Explicit nulls: otherwise the SDK sends OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment to any server.
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: endpoint.timeoutMs,
  });
  return {
    async chat(req, signal) {
      const completion: unknown = await client.chat.completions.create(chatBody(req.model ?? endpoint.model, req), { signal });
      return readCompletion(completion);
    },
    async listModels(signal) {
      const page = await client.models.list({ signal });
      if (!Array.isArray(page.data)) throw malformed('the model list is not an OpenAI "data" array');
      return page.data.map((m: unknown) => (isRecord(m) ? stringOrNull(m.id) : null)).filter((id): id is string => id !== null);
    },
    declaredVision: (signal) => llamaCppVision(endpoint, signal),
    classify: (thrown, path) => classifyOpenAi(thrown, endpoint, path),
  };
}

/** llama.cpp serves /props at the server root, beside /v1: `http://host:8080/v1` -> `http://host:8080/props`. */
export function propsUrl(baseUrl: string): string {
  const url = new URL(baseUrl.trim());
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '') + '/props';
  url.search = '';
  return url.href;
}

/**
 * llama.cpp's `GET /props`: `modalities.vision` is true only when the server was started with a
 * projector (--mmproj, or -hf which fetches one). Other servers answer 404 (or an HTML page): not told.
 */
async function llamaCppVision(endpoint: LlmEndpoint, signal: AbortSignal): Promise<{ vision: boolean; source: string } | null> {
  const headers: Record<string, string> = endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {};
  const response = await fetch(propsUrl(endpoint.baseUrl), { headers, signal });
  if (!response.ok) {
    await response.body?.cancel();
    return null;
  }
  const body: unknown = await response.json().catch(() => null);
  if (!isRecord(body) || !isRecord(body.modalities) || typeof body.modalities.vision !== 'boolean') return null;
  return { vision: body.modalities.vision, source: 'llama.cpp /props' };
}

export function chatBody(model: string, req: DescribeRequest): ChatBody {
  const messages: ChatCompletionMessageParam[] = [];
  if (req.system !== null) messages.push({ role: 'system', content: req.system });
  messages.push({
    role: 'user',
    // Image before text: the order LLaVA-style and Qwen-VL models were trained on.
    content: [
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${req.jpeg.toString('base64')}` } },
      { type: 'text', text: req.user },
    ],
  });
  const s = req.sampling;
  const body: ChatBody = { model, messages, temperature: s.temperature, top_p: s.top_p, max_tokens: s.max_tokens, stream: false };
  if (s.top_k !== undefined) body.top_k = s.top_k;
  if (s.presence_penalty !== undefined) body.presence_penalty = s.presence_penalty;
  return body;
}

/** The SDK hands back whatever the server sent (a string when it was not JSON), so check the shape. */
function readCompletion(completion: unknown): RawAnswer {
  if (!isRecord(completion)) throw malformed('the answer is not a JSON object');
  const choice: unknown = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw malformed('the answer has no choices[0].message');
  const { content, refusal } = choice.message;
  if (content !== null && content !== undefined && typeof content !== 'string') throw malformed('choices[0].message.content is not text');
  return { text: stringOrNull(content), refusal: stringOrNull(refusal), finishReason: stringOrNull(choice.finish_reason) };
}

function classifyOpenAi(thrown: unknown, endpoint: LlmEndpoint, path: string): AttemptFailure {
  if (thrown instanceof AttemptError) return thrown.failure;
  if (thrown instanceof SyntaxError) return { kind: 'malformed', message: `the answer is not valid JSON (${oneLine(thrown.message, 80)})`, retry: 'once' };
  if (thrown instanceof APIConnectionTimeoutError) return { kind: 'timeout', message: `no answer within ${formatDuration(endpoint.timeoutMs)}`, retry: 'always' };
  if (thrown instanceof APIConnectionError) return networkFailure(thrown);
  if (thrown instanceof APIError && typeof thrown.status === 'number') {
    return statusFailure(thrown.status, serverDetail(thrown), { endpoint, path, retryAfterMs: parseRetryAfter(thrown.headers) });
  }
  return networkFailure(thrown);
}

/** The server's own words: OpenAI-style `{error: {message}}`, llama.cpp's and vLLM's variants, or the SDK's text. */
function serverDetail(e: APIError): string {
  const body: unknown = e.error;
  if (isRecord(body) && typeof body.message === 'string') return oneLine(body.message);
  if (typeof body === 'string') return oneLine(body);
  return oneLine(e.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, ''));
}
