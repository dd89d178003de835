import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAnswer, promptFocus, promptSentenceCount, promptTags, REFUSAL } from './llm-server-answers.ts';
import { startFakeLlmServer } from './llm-server.ts';
import type { FakeLlmOptions, FakeLlmServer } from './llm-server.ts';

let jpeg: Buffer;
let png: Buffer;
beforeAll(async () => {
  const img = sharp({ create: { width: 16, height: 16, channels: 3, background: '#204080' } });
  jpeg = await img.clone().jpeg().toBuffer();
  png = await img.clone().png().toBuffer();
});

const PROMPT = 'Shortly describe the cat using simple sentences.\nWrite 3 sentences.\nTags for reference: cat, sofa, sleeping';

const openAiBody = (over: Record<string, unknown> = {}, image = `data:image/jpeg;base64,${jpeg.toString('base64')}`) => ({
  model: 'fake-vlm',
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: [{ type: 'image_url', image_url: { url: image } }, { type: 'text', text: PROMPT }] },
  ],
  temperature: 0.6,
  top_p: 0.9,
  max_tokens: 100,
  ...over,
});

const ollamaBody = (over: Record<string, unknown> = {}, image = jpeg.toString('base64')) => ({
  model: 'fake-vlm',
  stream: false,
  messages: [{ role: 'user', content: PROMPT, images: [image] }],
  options: { temperature: 0.6, num_predict: 100 },
  ...over,
});

let server: FakeLlmServer;
const start = async (opts?: FakeLlmOptions) => {
  await server?.close();
  server = await startFakeLlmServer(opts);
};
beforeEach(() => start());
afterEach(() => server.close());

async function call(path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, body === undefined
    ? { headers }
    : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> | undefined };
}

describe('fake LLM server: answers', () => {
  it('answers OpenAI chat completions in the OpenAI shape and records the request', async () => {
    const res = await call('/v1/chat/completions', openAiBody({ top_k: 40 }), { authorization: 'Bearer k' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      object: 'chat.completion',
      model: 'fake-vlm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The cat has cat. It shows sofa. It shows sleeping.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(server.requests).toEqual([{
      api: 'openai', model: 'fake-vlm', system: 'sys', prompt: PROMPT, images: 1, imageBytes: jpeg.length,
      sampling: { temperature: 0.6, top_p: 0.9, top_k: 40, max_tokens: 100 }, authorization: 'Bearer k', fault: 'ok', status: 200,
    }]);
  });

  it('answers Ollama /api/chat in Ollama\'s stream:false shape, recording num_predict as max_tokens', async () => {
    const res = await call('/api/chat', ollamaBody());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ model: 'fake-vlm', message: { role: 'assistant', content: expect.stringContaining('sofa') }, done: true });
    expect(typeof res.json?.created_at).toBe('string');
    expect(server.requests[0]).toMatchObject({ api: 'ollama', system: null, sampling: { temperature: 0.6, max_tokens: 100 }, authorization: null });
  });

  it('lists its models for both APIs', async () => {
    await start({ models: ['a', 'b'] });
    expect((await call('/v1/models')).json).toMatchObject({ object: 'list', data: [{ id: 'a', object: 'model' }, { id: 'b' }] });
    expect((await call('/api/tags')).json).toMatchObject({ models: [{ name: 'a', model: 'a' }, { name: 'b' }] });
  });
});

describe('fake LLM server: strict request checks', () => {
  const rejects = async (path: string, body: unknown, message: RegExp) => {
    const res = await call(path, body);
    expect(res.status).toBe(400);
    const error = path.startsWith('/v1') ? (res.json?.error as { message?: string } | undefined)?.message : res.json?.error;
    expect(error).toMatch(message);
    expect(server.requests).toHaveLength(0);
  };

  it('rejects a request without an image', () => rejects('/v1/chat/completions', openAiBody({ messages: [{ role: 'user', content: 'hi' }] }), /no image/));
  it('rejects a PNG data URL', () => rejects('/v1/chat/completions', openAiBody({}, `data:image/png;base64,${png.toString('base64')}`), /data:image\/jpeg/));
  it('rejects PNG bytes labelled as JPEG', () => rejects('/v1/chat/completions', openAiBody({}, `data:image/jpeg;base64,${png.toString('base64')}`), /not a JPEG/));
  it('rejects a truncated JPEG', () => rejects('/api/chat', ollamaBody({}, jpeg.subarray(0, jpeg.length - 10).toString('base64')), /truncated|invalid base64/));
  it('rejects broken base64', () => rejects('/api/chat', ollamaBody({}, '@@@@'), /invalid base64/));
  it('rejects a data URL where Ollama wants bare base64', () => rejects('/api/chat', ollamaBody({}, `data:image/jpeg;base64,${jpeg.toString('base64')}`), /illegal base64/));
  it('rejects an Ollama request that would stream', () => rejects('/api/chat', ollamaBody({ stream: undefined }), /stream: false/));
  it('rejects an Ollama request without a model', () => rejects('/api/chat', ollamaBody({ model: '' }), /model is required/));
  it('rejects out-of-range sampling', () => rejects('/v1/chat/completions', openAiBody({ temperature: 5 }), /temperature/));
  it('rejects a body that is not JSON', () => rejects('/v1/chat/completions', '{"model":', /not valid JSON/));
  it('rejects unknown content parts', () => rejects('/v1/chat/completions', openAiBody({
    messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }],
  }), /unsupported content part/));

  it('requires the expected API key', async () => {
    await start({ expect: { apiKey: 'k' } });
    expect((await call('/v1/models')).status).toBe(401);
    expect((await call('/api/chat', ollamaBody(), { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call('/api/chat', ollamaBody(), { authorization: 'Bearer k' })).status).toBe(200);
  });

  it('answers 404 for an unlisted model when told to', async () => {
    await start({ expect: { knownModelsOnly: true } });
    expect((await call('/api/chat', ollamaBody({ model: 'other' }))).status).toBe(404);
    expect((await call('/api/chat', ollamaBody())).status).toBe(200);
  });
});

describe('fake LLM server: faults', () => {
  it('fails a flaky model\'s first request only', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('/v1/chat/completions', openAiBody({ model: 'flaky-500' }))).status);
    expect(statuses).toEqual([500, 200, 200]);
  });

  it('rate-limits once with Retry-After: 0', async () => {
    const first = await call('/api/chat', ollamaBody({ model: 'rate-limit' }));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('0');
    expect((await call('/api/chat', ollamaBody({ model: 'rate-limit' }))).status).toBe(200);
  });

  it('sends a truncated JSON body with status 200 for `malformed`', async () => {
    const res = await call('/v1/chat/completions', openAiBody({ model: 'malformed' }));
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
  });

  it('refuses, and pads with filler, on demand', async () => {
    const refused = await call('/api/chat', ollamaBody({ model: 'refusal' }));
    expect((refused.json?.message as { content: string }).content).toBe(REFUSAL);
    const filler = await call('/api/chat', ollamaBody({ model: 'filler' }));
    expect((filler.json?.message as { content: string }).content).toMatch(/^There is .* We can see .* looks like/);
  });

  it('plays scripted faults in order for that model, then falls back to its name', async () => {
    server.script('fake-vlm', ['fault-500', 'bad-request', 'rate-limit']);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('/v1/chat/completions', openAiBody())).status);
    expect(statuses).toEqual([500, 400, 429, 200]);
    expect(server.requests.map((r) => r.fault)).toEqual(['fault-500', 'bad-request', 'rate-limit', 'ok']);
  });

  it('drops the connection for `drop`', async () => {
    server.script('fake-vlm', ['drop']);
    await expect(call('/v1/chat/completions', openAiBody())).rejects.toThrow(/fetch failed/);
    expect(server.requests[0]?.status).toBeUndefined();
  });

  it('ends a hanging request when it closes', async () => {
    const pending = call('/api/chat', ollamaBody({ model: 'hang' })).then(() => 'answered', () => 'dropped');
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close();
    expect(await pending).toBe('dropped');
  });

  it('handles concurrent requests side by side and records the peak', async () => {
    await start({ latencyMs: 400 });
    const results = await Promise.all(Array.from({ length: 5 }, () => call('/v1/chat/completions', openAiBody())));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.maxConcurrent).toBe(5);
    expect(server.inFlight).toBe(0);
  });
});

describe('fake LLM answers', () => {
  it('reads the tags from "Tags…:" lines and from <tags>', () => {
    expect(promptTags('x\nTags for reference: a, b c ,d\nmore')).toEqual(['a', 'b c', 'd']);
    expect(promptTags('Describe. Here are grounding tags for better understanding: <tags>long_hair, 1girl</tags>')).toEqual(['long_hair', '1girl']);
    expect(promptTags('no tags here')).toEqual([]);
  });

  it('reads the sentence count and the focus', () => {
    expect(promptSentenceCount('Write 5 sentences.')).toBe(5);
    expect(promptSentenceCount('in exactly two short, simple sentences')).toBe(2);
    expect(promptSentenceCount('Describe it.')).toBe(3);
    expect(promptFocus('Write 3 short sentences describing the red car in this image.')).toBe('red car');
  });

  it('writes the asked number of sentences mentioning every tag', () => {
    const answer = fakeAnswer('Describe the dog in 4 short sentences. Tags: dog, grass, ball, sun, tree', 'ok');
    expect(answer.split('. ')).toHaveLength(4);
    for (const tag of ['dog', 'grass', 'ball', 'sun', 'tree']) expect(answer).toContain(tag);
  });

  it('pads filler answers to five sentences', () => {
    expect(fakeAnswer(PROMPT, 'filler').match(/\./g)).toHaveLength(5);
  });
});

describe('fake LLM server: limits and capabilities, as the real servers report them', () => {
  it('stops at max_tokens / num_predict (a word a token) with finish_reason / done_reason "length"', async () => {
    const openai = await call('/v1/chat/completions', openAiBody({ max_tokens: 5 }));
    const choice = (openai.json!.choices as { message: { content: string }; finish_reason: string }[])[0]!;
    expect(choice).toMatchObject({ finish_reason: 'length', message: { content: 'The cat has cat. It' } });
    const ollama = await call('/api/chat', ollamaBody({ options: { num_predict: 5, num_ctx: 8192 } }));
    expect(ollama.json).toMatchObject({ done_reason: 'length', message: { content: 'The cat has cat. It' } });
    expect(server.requests[1]).toMatchObject({ numCtx: 8192, sampling: { max_tokens: 5 } });
  });

  it('a model named *thinking* reasons inside <think> first, and is cut there by a small limit', async () => {
    const cut = await call('/v1/chat/completions', openAiBody({ model: 'qwen3-vl-thinking', max_tokens: 20 }));
    const content = (cut.json!.choices as { message: { content: string } }[])[0]!.message.content;
    expect(content).toMatch(/^<think>look/);
    expect(content).not.toContain('</think>');
    const whole = await call('/v1/chat/completions', openAiBody({ model: 'qwen3-vl-thinking', max_tokens: 1000 }));
    expect((whole.json!.choices as { message: { content: string } }[])[0]!.message.content).toMatch(/<\/think>\n\nThe cat has/);
  });

  it('llama.cpp /props lists modalities; /api/show lists capabilities; vLLM has no /props', async () => {
    expect((await call('/props')).json).toMatchObject({ modalities: { vision: true, audio: false } });
    expect((await call('/api/show', { model: 'fake-vlm' })).json).toMatchObject({ capabilities: ['completion', 'vision'] });
    expect((await call('/api/show', { model: 'nope' })).status).toBe(404);
    await start({ flavor: 'vllm' });
    expect((await call('/props')).status).toBe(404);
    await start({ flavor: 'llama.cpp-old' });
    expect((await call('/props')).json).not.toHaveProperty('modalities');
  });

  it('without vision: each server refuses an image in its own words', async () => {
    await start({ vision: false });
    expect((await call('/props')).json).toMatchObject({ modalities: { vision: false } });
    expect((await call('/api/show', { model: 'fake-vlm' })).json).toMatchObject({ capabilities: ['completion'] });
    const llama = await call('/v1/chat/completions', openAiBody());
    expect(llama.status).toBe(500);
    expect(llama.json).toMatchObject({ error: { message: expect.stringMatching(/^image input is not supported - hint: .*mmproj/) } });
    expect((await call('/api/chat', ollamaBody())).status).toBe(500);
    await start({ vision: false, flavor: 'vllm' });
    const vllm = await call('/v1/chat/completions', openAiBody());
    expect(vllm.status).toBe(400);
    expect(vllm.json).toMatchObject({ error: { message: 'fake-vlm is not a multimodal model' } });
  });
});
