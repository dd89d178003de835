import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROMPT_PRESETS } from '../../../models/prompts.ts';
import { startFakeLlmServer } from '../../../test/fakes/llm-server.ts';
import type { FakeLlmOptions, FakeLlmServer } from '../../../test/fakes/llm-server.ts';
import { createVisionClient } from './client.ts';
import type { DescribeRequest, LlmEndpoint, LlmError } from './client.ts';

/** Tests that would otherwise hang (for minutes of backoff or forever) when the feature breaks. */
const LIVENESS_MS = 10_000;

let jpeg: Buffer;
beforeAll(async () => {
  jpeg = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#c04020' } }).jpeg().toBuffer();
});

const USER = [
  'Shortly describe the woman using simple sentences.',
  'Write 3 sentences.',
  'Tags for reference: red hair, smile, indoors, plain background',
].join('\n');

function request(over: Partial<DescribeRequest> = {}): DescribeRequest {
  return { jpeg, system: 'You are a helpful image captioner.', user: USER, sampling: { ...PROMPT_PRESETS.toriigate.sampling, max_tokens: 512 }, ...over };
}

/** Resolves once `cond` holds; the test's own timeout catches a condition that never does. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

function failure(result: { ok: boolean; error?: LlmError }): LlmError {
  expect(result.ok).toBe(false);
  return result.error!;
}

describe.each(['openai', 'ollama'] as const)('vision client over the %s API', (api) => {
  let server: FakeLlmServer;
  const restart = async (opts: FakeLlmOptions) => {
    await server.close();
    server = await startFakeLlmServer(opts);
  };
  const endpoint = (over: Partial<LlmEndpoint> = {}): LlmEndpoint => ({
    api,
    baseUrl: api === 'openai' ? server.openaiBase : server.url,
    model: 'fake-vlm',
    timeoutMs: 10_000,
    retries: 3,
    backoffMs: 1,
    ...over,
  });

  beforeEach(async () => {
    server = await startFakeLlmServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends the image, prompt, system message and sampling, and returns the answer', async () => {
    const result = await createVisionClient(endpoint()).describe(request());
    expect(result).toEqual({ ok: true, value: { text: 'The woman has red hair and plain background. It shows smile. It shows indoors.', truncated: false } });
    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0]!;
    expect(seen).toMatchObject({ api, model: 'fake-vlm', system: 'You are a helpful image captioner.', prompt: USER, images: 1, imageBytes: jpeg.length });
    expect(seen.sampling).toEqual({ temperature: 0.6, top_p: 0.9, top_k: 40, max_tokens: 512 });
  });

  it('sends presence_penalty and no system message when the preset has none', async () => {
    const result = await createVisionClient(endpoint()).describe(request({ system: null, sampling: { ...PROMPT_PRESETS['qwen3-vl-instruct'].sampling, max_tokens: 220 } }));
    expect(result.ok).toBe(true);
    expect(server.requests[0]!.system).toBeNull();
    expect(server.requests[0]!.sampling).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20, presence_penalty: 1.5, max_tokens: 220 });
  });

  it('marks an answer the token limit cut mid-sentence as truncated, keeping its text for the caller to trim', async () => {
    const result = await createVisionClient(endpoint()).describe(request({ sampling: { temperature: 0.6, top_p: 0.9, max_tokens: 9 } }));
    expect(result).toEqual({ ok: true, value: { text: 'The woman has red hair and plain background. It', truncated: true } });
    expect(server.requests).toHaveLength(1);
  });

  it('returns a thinking model cut inside <think> as truncated, not as a malformed answer to resend', async () => {
    const result = await createVisionClient(endpoint({ model: 'qwen3-vl-8b-thinking' })).describe(request({ sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 50 } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.truncated).toBe(true);
    expect(result.value.text).toMatch(/^<think>look/);
    expect(result.value.text).not.toContain('</think>');
    expect(server.requests).toHaveLength(1);
  });

  it('fails at once, without retries, when the server cannot take images', async () => {
    await restart({ vision: false });
    const error = failure(await createVisionClient(endpoint()).describe(request()));
    expect(error).toMatchObject({ kind: 'no-vision', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(api === 'openai'
      ? /HTTP 500: image input is not supported - hint: .*mmproj; the server's model takes no images: start llama-server with --mmproj/
      : /HTTP 500: this model is missing data required for image input; the model "fake-vlm" takes no images/);
  });

  it(api === 'ollama' ? 'sends options.num_ctx when the request sizes its context' : 'sends no num_ctx (OpenAI servers size their context at start-up)', async () => {
    const result = await createVisionClient(endpoint()).describe(request({ contextTokens: 10_240 }));
    expect(result.ok).toBe(true);
    expect(server.requests[0]!.numCtx).toBe(api === 'ollama' ? 10_240 : undefined);
  });

  it('retries HTTP 500 and succeeds', async () => {
    server.script('fake-vlm', ['fault-500', 'fault-500']);
    const result = await createVisionClient(endpoint()).describe(request());
    expect(result.ok).toBe(true);
    expect(server.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up on a server that keeps failing, naming the server and the attempts', async () => {
    const error = failure(await createVisionClient(endpoint({ model: 'fault-500' })).describe(request()));
    expect(error).toMatchObject({ kind: 'server-error', attempts: 4 });
    expect(error.message).toContain(api === 'openai' ? `at ${server.openaiBase}: HTTP 500` : `Ollama at ${server.url}: HTTP 500`);
    expect(error.message).toContain('fake: internal server error');
    expect(error.message).toMatch(/\(after 4 attempts\)$/);
    expect(error.message).not.toContain('\n');
    expect(server.requests).toHaveLength(4);
  });

  it('honours Retry-After on 429 instead of its own (here: minute-long) backoff', async () => {
    const result = await createVisionClient(endpoint({ model: 'rate-limit', backoffMs: 60_000 })).describe(request());
    expect(result.ok).toBe(true);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  }, LIVENESS_MS);

  it('reports rate limiting once the retries are spent', async () => {
    server.script('fake-vlm', ['rate-limit', 'rate-limit']);
    const error = failure(await createVisionClient(endpoint({ retries: 1 })).describe(request()));
    expect(error).toMatchObject({ kind: 'rate-limited', attempts: 2 });
  });

  it('retries when the server drops the connection mid-request', async () => {
    server.script('fake-vlm', ['drop']);
    const result = await createVisionClient(endpoint()).describe(request());
    expect(result.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry HTTP 400 and passes on what the server said', async () => {
    server.script('fake-vlm', ['bad-request']);
    const error = failure(await createVisionClient(endpoint()).describe(request()));
    expect(error).toMatchObject({ kind: 'http', attempts: 1 });
    expect(error.message).toContain('HTTP 400: fake: bad request');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry 401 and says how to set the key', async () => {
    await restart({ expect: { apiKey: 'sekret' } });
    const error = failure(await createVisionClient(endpoint()).describe(request()));
    expect(error).toMatchObject({ kind: 'auth', attempts: 1 });
    expect(error.message).toContain('TAGSMITH_LLM_API_KEY');
  });

  it('sends the API key as a Bearer token when one is set', async () => {
    await restart({ expect: { apiKey: 'sekret' } });
    const result = await createVisionClient(endpoint({ apiKey: 'sekret' })).describe(request());
    expect(result.ok).toBe(true);
    expect(server.requests[0]!.authorization).toBe('Bearer sekret');
  });

  it('needs no API key for a server without one', async () => {
    const result = await createVisionClient(endpoint()).describe(request());
    expect(result.ok).toBe(true);
    // The OpenAI SDK insists on some key; Ollama sends none.
    expect(server.requests[0]!.authorization).toBe(api === 'openai' ? 'Bearer not-needed' : null);
  });

  it('reports an unknown model as not-found without retrying', async () => {
    await restart({ expect: { knownModelsOnly: true } });
    const error = failure(await createVisionClient(endpoint({ model: 'nope' })).describe(request()));
    expect(error).toMatchObject({ kind: 'not-found', attempts: 1 });
    expect(error.message).toContain('"nope"');
  });

  it('times out each attempt and reports timeout after the retries', async () => {
    const error = failure(await createVisionClient(endpoint({ model: 'slow', timeoutMs: 300, retries: 1 })).describe(request()));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(error.message).toContain('no answer within 300 ms (after 2 attempts)');
    expect(server.requests).toHaveLength(2);
  });

  it('stops waiting for a hanging request when cancelled', async () => {
    const controller = new AbortController();
    const pending = createVisionClient(endpoint({ model: 'hang', timeoutMs: 600_000 })).describe(request({ signal: controller.signal }));
    await until(() => server.requests.length === 1);
    controller.abort();
    expect(failure(await pending)).toMatchObject({ kind: 'cancelled', attempts: 1 });
    await until(() => server.inFlight === 0);
  }, LIVENESS_MS);

  it('stops a backoff pause when cancelled, without another attempt', async () => {
    const controller = new AbortController();
    const pending = createVisionClient(endpoint({ model: 'fault-500', backoffMs: 600_000 })).describe(request({ signal: controller.signal }));
    await until(() => server.requests[0]?.status === 500 && server.inFlight === 0);
    controller.abort();
    expect(failure(await pending)).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  }, LIVENESS_MS);

  it('sends nothing when cancelled before the start', async () => {
    const error = failure(await createVisionClient(endpoint()).describe(request({ signal: AbortSignal.abort() })));
    expect(error).toMatchObject({ kind: 'cancelled', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('retries a malformed answer once, then reports it', async () => {
    const error = failure(await createVisionClient(endpoint({ model: 'malformed' })).describe(request()));
    expect(error).toMatchObject({ kind: 'malformed', attempts: 2 });
    expect(error.message).toContain('not valid JSON');
  });

  it('reports a refusal without retrying', async () => {
    const error = failure(await createVisionClient(endpoint({ model: 'refusal' })).describe(request()));
    expect(error).toMatchObject({ kind: 'refusal', attempts: 1 });
    expect(error.message).toContain("I'm sorry");
  });

  it('reports an unreachable server as a network error after the retries', async () => {
    const port = await closedPort();
    const baseUrl = api === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
    const error = failure(await createVisionClient(endpoint({ baseUrl, retries: 2 })).describe(request()));
    expect(error).toMatchObject({ kind: 'network', attempts: 3 });
    expect(error.message).toContain('connection refused (ECONNREFUSED); is the server running? (after 3 attempts)');
  });

  it('runs concurrent requests side by side', async () => {
    await restart({ latencyMs: 400 });
    const client = createVisionClient(endpoint());
    const results = await Promise.all(Array.from({ length: 6 }, () => client.describe(request())));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.maxConcurrent).toBe(6);
  });

  describe('check()', () => {
    it('lists the models and confirms the configured one', async () => {
      await restart({ models: ['fake-vlm', 'other-vlm'] });
      const result = await createVisionClient(endpoint()).check();
      expect(result).toMatchObject({ ok: true, models: ['fake-vlm', 'other-vlm'] });
      expect(result.message).toMatch(/^Connected to .* at http:\/\/127\.0\.0\.1:\d+(\/v1)?: 2 models, fake-vlm available; takes images \((llama\.cpp \/props|Ollama \/api\/show)\)$/);
    });

    it('says so when the model is not listed', async () => {
      await restart({ models: ['a-vlm', 'b-vlm'] });
      const result = await createVisionClient(endpoint({ model: 'missing' })).check();
      expect(result.ok).toBe(false);
      expect(result.message).toContain('"missing"');
      expect(result.models).toEqual(['a-vlm', 'b-vlm']);
    });

    it('gives one clear line for a server that is not running', async () => {
      const port = await closedPort();
      const baseUrl = api === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
      const result = await createVisionClient(endpoint({ baseUrl })).check();
      expect(result).toEqual({
        ok: false,
        message: `${api === 'openai' ? 'OpenAI-compatible server' : 'Ollama'} at ${baseUrl}: connection refused (ECONNREFUSED); is the server running?`,
        models: [],
        model: 'fake-vlm',
      });
    });

    it('reports a refused API key', async () => {
      await restart({ expect: { apiKey: 'sekret' } });
      const result = await createVisionClient(endpoint({ apiKey: 'wrong' })).check();
      expect(result.ok).toBe(false);
      expect(result.message).toContain('HTTP 401');
      expect(result.message).toContain('was refused');
    });
  });
});

it('names a llama.cpp server by its default port', async () => {
  const error = failure(await createVisionClient({
    api: 'openai', baseUrl: 'http://127.0.0.1:8080/v1/', model: '', timeoutMs: 1000, retries: 0,
  }).describe({ jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), system: null, user: 'x', sampling: { ...PROMPT_PRESETS.workflow.sampling, max_tokens: 220 }, signal: AbortSignal.abort() }));
  expect(error.message).toBe('llama.cpp at http://127.0.0.1:8080/v1: cancelled');
});
