// A loopback stand-in for the vision LLM servers Tagsmith talks to (llama.cpp / vLLM through the
// OpenAI API, Ollama through its native API). Tests cannot run a real model, so this is the edge of
// the world: it checks requests as strictly as a real server, answers deterministically from the
// prompt, and misbehaves on demand. Node's http module only, bound to 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeAnswer } from './llm-server-answers.ts';
import { validateOllama, validateOpenAi } from './llm-server-validate.ts';
import type { ParsedChat } from './llm-server-validate.ts';

/**
 * What the server does with a chat request. As a model name (`model: 'fault-500'`) the fault
 * applies to every request for that model, except `flaky-500` and `rate-limit`, which fail only the
 * first one. Scripted with script(), each fault applies to exactly one request.
 */
export const FAULTS = [
  'ok',
  /** HTTP 500. */
  'fault-500',
  /** HTTP 500 on the model's first request, then OK. */
  'flaky-500',
  /** HTTP 429 with Retry-After: 0 on the model's first request, then OK. */
  'rate-limit',
  /** Answers after `slowMs` (default 60 s), long enough for any test's client timeout. */
  'slow',
  /** HTTP 200 with a truncated JSON body. */
  'malformed',
  'refusal',
  /** "There is…", "We can see…", "looks like", and 5 sentences instead of the 3 asked for. */
  'filler',
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  'hang',
  /** Destroys the connection after reading the request: a server crash mid-request. */
  'drop',
  /** HTTP 400, as a server that dislikes the request. */
  'bad-request',
] as const;

/**
 * How the fake models write, as far as a client can tell: every answer is counted in words (one
 * word, one token) and cut at the request's max_tokens / num_predict with finish_reason /
 * done_reason `length`, as real servers do. A model whose name contains `thinking` (Qwen3-VL
 * Thinking) first reasons for THINKING_WORDS words inside `<think>…</think>`.
 */
export const THINKING_WORDS = 120;
export type Fault = (typeof FAULTS)[number];

export interface RecordedRequest {
  api: 'openai' | 'ollama';
  model: string;
  system: string | null;
  /** The user message's text. */
  prompt: string;
  /** Normalised across APIs: Ollama's num_predict is recorded as max_tokens. */
  sampling: { temperature?: number; top_p?: number; top_k?: number; presence_penalty?: number; max_tokens?: number };
  /** Ollama's options.num_ctx, when sent. */
  numCtx?: number;
  images: number;
  /** Decoded JPEG bytes, all images together. */
  imageBytes: number;
  authorization: string | null;
  fault: Fault;
  /** HTTP status once answered; undefined while pending and for `hang` / `drop`. */
  status?: number;
}

export interface FakeLlmOptions {
  /** Delay before every chat answer (throughput benchmarks). Requests are never serialised. */
  latencyMs?: number;
  /** How long `slow` takes. */
  slowMs?: number;
  /** What /v1/models and /api/tags list. */
  models?: string[];
  /**
   * Which server the OpenAI side imitates: `llama.cpp` (the default) answers `GET /props` with its
   * modalities; `llama.cpp-old` answers /props without them (builds before its multimodal server);
   * `vllm` has no /props (404). For the last two only a request with an image tells.
   */
  flavor?: 'llama.cpp' | 'llama.cpp-old' | 'vllm';
  /**
   * false: the model takes no images. llama.cpp started without --mmproj answers an image with HTTP
   * 500 "image input is not supported"; vLLM serving a text-only model with 400; Ollama lists no
   * "vision" capability and answers 500. Default true.
   */
  vision?: boolean;
  expect?: {
    /** Require `Authorization: Bearer <apiKey>` on every request, else 401. */
    apiKey?: string;
    /** Answer 404 for a model that is not listed (as vLLM and Ollama do; llama.cpp takes any name). */
    knownModelsOnly?: boolean;
  };
}

export interface FakeLlmServer {
  /** http://127.0.0.1:port, the Ollama host. */
  url: string;
  /** url + '/v1', the OpenAI base URL. */
  openaiBase: string;
  /** Every chat request that passed validation, in arrival order. */
  requests: RecordedRequest[];
  /** Capability requests: `GET /props`, `POST /api/show <model>`, in arrival order. */
  infoRequests: string[];
  /** Chat requests being handled right now. */
  readonly inFlight: number;
  /** The most chat requests ever in flight at once. */
  readonly maxConcurrent: number;
  /** Queue faults for the next requests naming `model`; once used up, the model name decides again. */
  script(model: string, faults: Fault[]): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const DEFAULT_MODELS = ['fake-vlm'];

export async function startFakeLlmServer(opts: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  const models = opts.models ?? DEFAULT_MODELS;
  const vision = opts.vision ?? true;
  const flavor = opts.flavor ?? 'llama.cpp';
  const requests: RecordedRequest[] = [];
  const infoRequests: string[] = [];
  const scripts = new Map<string, Fault[]>();
  const seen = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxConcurrent = 0;

  const later = (ms: number, res: http.ServerResponse, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const pickFault = (model: string): Fault => {
    const count = seen.get(model) ?? 0;
    seen.set(model, count + 1);
    const queued = scripts.get(model)?.shift();
    if (queued) return queued;
    if (!isFault(model)) return 'ok';
    if (model === 'flaky-500') return count === 0 ? 'fault-500' : 'ok';
    if (model === 'rate-limit') return count === 0 ? 'rate-limit' : 'ok';
    return model;
  };

  const chat = async (api: 'openai' | 'ollama', req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    res.on('close', () => inFlight--);
    const body = await readJson(req);
    if (body.error !== undefined) return sendError(res, api, body.status, body.error);
    const parsed = api === 'openai' ? validateOpenAi(body.value) : validateOllama(body.value);
    if (typeof parsed === 'string') return sendError(res, api, 400, parsed);
    if (opts.expect?.knownModelsOnly && !models.includes(parsed.model) && !isFault(parsed.model)) {
      return sendError(res, api, 404, `model "${parsed.model}" not found`);
    }
    const fault = pickFault(parsed.model);
    const record: RecordedRequest = { api, ...parsed, authorization: req.headers.authorization ?? null, fault };
    requests.push(record);
    const answer = (status: number, send: () => void) => {
      record.status = status;
      send();
    };
    if (!vision) {
      // Each server's own words for an image sent to a model without image input.
      if (api === 'ollama') return answer(500, () => sendError(res, api, 500, 'this model is missing data required for image input'));
      if (flavor === 'vllm') return answer(400, () => sendError(res, api, 400, `${parsed.model} is not a multimodal model`));
      return answer(500, () => sendError(res, api, 500, 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj'));
    }
    switch (fault) {
      case 'hang':
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'fault-500':
        return later(opts.latencyMs ?? 0, res, () => answer(500, () => sendError(res, api, 500, 'fake: internal server error')));
      case 'flaky-500':
        return later(opts.latencyMs ?? 0, res, () => answer(500, () => sendError(res, api, 500, 'fake: flaky internal server error')));
      case 'rate-limit':
        return later(opts.latencyMs ?? 0, res, () => answer(429, () => sendError(res, api, 429, 'fake: rate limited', { 'retry-after': '0' })));
      case 'bad-request':
        return later(opts.latencyMs ?? 0, res, () => answer(400, () => sendError(res, api, 400, 'fake: bad request')));
      case 'malformed':
        return later(opts.latencyMs ?? 0, res, () => answer(200, () => send(res, 200, '{"id":"chatcmpl-fake","choices":[{"message":')));
      case 'slow':
        return later(opts.slowMs ?? 60_000, res, () => answer(200, () => sendChat(res, api, parsed, 'ok')));
      default:
        return later(opts.latencyMs ?? 0, res, () => answer(200, () => sendChat(res, api, parsed, fault)));
    }
  };

  // Ollama's /api/show: 404 for a model that is not installed, else its details and capabilities.
  const show = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readJson(req);
    const model = body.error === undefined && isRecord(body.value) && typeof body.value.model === 'string' ? body.value.model : '';
    infoRequests.push(`POST /api/show ${model}`);
    const installed = models.find((m) => m === model || m === `${model}:latest`);
    if (!installed && !isFault(model)) return sendError(res, 'ollama', 404, `model '${model}' not found`);
    send(res, 200, JSON.stringify({
      modelfile: '', parameters: '', template: '{{ .Prompt }}',
      details: { format: 'gguf', family: 'fake', parameter_size: '1B', quantization_level: 'Q4_0' },
      model_info: { 'general.architecture': 'fake' },
      capabilities: vision ? ['completion', 'vision'] : ['completion'],
    }));
  };

  const server = http.createServer((req, res) => {
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname}`;
    const api = route.includes('/api/') ? 'ollama' : 'openai';
    const key = opts.expect?.apiKey;
    if (key !== undefined && req.headers.authorization !== `Bearer ${key}`) {
      req.resume();
      return sendError(res, api, 401, 'fake: invalid or missing API key');
    }
    const handled = (() => {
      switch (route) {
        case 'POST /v1/chat/completions': return chat('openai', req, res);
        case 'POST /api/chat': return chat('ollama', req, res);
        case 'GET /v1/models': return send(res, 200, JSON.stringify(openAiModels(models)));
        case 'GET /api/tags': return send(res, 200, JSON.stringify(ollamaTags(models)));
        case 'GET /props':
          infoRequests.push('GET /props');
          if (flavor === 'vllm') return sendError(res, api, 404, 'Not Found');
          return send(res, 200, JSON.stringify(llamaCppProps(flavor === 'llama.cpp' ? vision : undefined)));
        case 'POST /api/show': return show(req, res);
        default:
          req.resume();
          return sendError(res, api, 404, `fake: no route ${route}`);
      }
    })();
    Promise.resolve(handled).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, api, 500, `fake: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBase: `${url}/v1`,
    requests,
    infoRequests,
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    script(model, faults) {
      scripts.set(model, [...(scripts.get(model) ?? []), ...faults]);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of llama.cpp's GET /props a client reads; `modalities` is there since its multimodal server (2025). */
function llamaCppProps(vision: boolean | undefined) {
  return {
    default_generation_settings: { n_ctx: 8192, params: { temperature: 0.8, top_p: 0.95, n_predict: -1 } },
    total_slots: 1,
    model_path: '/models/fake-vlm.gguf',
    ...(vision === undefined ? {} : { modalities: { vision, audio: false } }),
    chat_template: '{{ messages }}',
    build_info: 'b6000-fake',
  };
}

/**
 * The answer as a model would write it within `maxTokens` (a word a token), with the reason it
 * stopped: a thinking model's reasoning comes first and counts too.
 */
export function writeWithin(model: string, content: string, maxTokens: number | undefined): { content: string; finish: 'stop' | 'length' } {
  const reasoning = /thinking/i.test(model)
    ? `<think>${Array.from({ length: THINKING_WORDS }, (_, i) => (i % 10 === 9 ? 'look.' : 'look')).join(' ')}</think>\n\n`
    : '';
  const words = `${reasoning}${content}`.split(/(?<=\s)/);
  if (maxTokens === undefined || words.length <= maxTokens) return { content: reasoning + content, finish: 'stop' };
  return { content: words.slice(0, maxTokens).join('').trimEnd(), finish: 'length' };
}

function isFault(name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name);
}

type JsonBody = { value: unknown; error?: undefined } | { error: string; status: number };

async function readJson(req: http.IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { error: 'request body too large', status: 413 };
    chunks.push(chunk);
  }
  try {
    return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { error: 'request body is not valid JSON', status: 400 };
  }
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** Each API's own error shape: OpenAI `{error: {message, type, code}}`, Ollama `{error: "..."}`. */
function sendError(res: http.ServerResponse, api: 'openai' | 'ollama', status: number, message: string, headers?: Record<string, string>): void {
  const body = api === 'openai'
    ? { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: status } }
    : { error: message };
  send(res, status, JSON.stringify(body), headers);
}

function sendChat(res: http.ServerResponse, api: 'openai' | 'ollama', parsed: ParsedChat, fault: Fault): void {
  const written = writeWithin(parsed.model, fakeAnswer(parsed.prompt, fault === 'filler' ? 'filler' : fault === 'refusal' ? 'refusal' : 'ok'), parsed.sampling.max_tokens);
  const content = written.content;
  const promptTokens = parsed.prompt.split(/\s+/).length + (parsed.system?.split(/\s+/).length ?? 0);
  const completionTokens = content.split(/\s+/).length;
  if (api === 'openai') {
    send(res, 200, JSON.stringify({
      id: `chatcmpl-fake-${Date.now()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: parsed.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: written.finish }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    }));
    return;
  }
  send(res, 200, JSON.stringify({
    model: parsed.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content },
    done: true,
    done_reason: written.finish,
    total_duration: 1_000_000,
    load_duration: 1000,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 1000,
    eval_count: completionTokens,
    eval_duration: 1000,
  }));
}

function openAiModels(models: string[]) {
  return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) };
}

function ollamaTags(models: string[]) {
  return {
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: new Date(0).toISOString(),
      size: 1,
      digest: '0'.repeat(64),
      details: { parent_model: '', format: 'gguf', family: 'fake', families: ['fake'], parameter_size: '1B', quantization_level: 'Q4_0' },
    })),
  };
}
