import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FakeLlmServer } from '../../../test/fakes/llm-server.ts';
import { useFakeLlms } from '../../../test/fakes/use-fake-llm.ts';
import { checkServer, chooseModel, summariseModels } from './check.ts';
import { ollamaTransport } from './ollama-client.ts';
import { openaiTransport } from './openai-client.ts';
import type { LlmEndpoint } from './types.ts';

const endpoint = (api: 'openai' | 'ollama', model: string): LlmEndpoint => ({ api, model, baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, retries: 0 });

describe('summariseModels for Ollama', () => {
  it('finds a listed model, and `name` as `name:latest`', () => {
    expect(summariseModels(endpoint('ollama', 'llava:13b'), ['llava:13b', 'qwen2.5vl:7b'])).toEqual({ ok: true, summary: '2 models, llava:13b available' });
    expect(summariseModels(endpoint('ollama', 'llava'), ['llava:latest'])).toEqual({ ok: true, summary: '1 model, llava:latest available' });
  });

  it('is not ok for a model that is not installed, and says how to get it', () => {
    expect(summariseModels(endpoint('ollama', 'llava:34b'), ['llava:13b'])).toEqual({
      ok: false, summary: '1 model, but "llava:34b" is not installed; run "ollama pull llava:34b"',
    });
  });

  it('is not ok without a model name, listing what is installed', () => {
    expect(summariseModels(endpoint('ollama', ''), ['a', 'b', 'c', 'd'])).toEqual({ ok: false, summary: '4 models, but no model is set (installed: a, b, c, …)' });
  });
});

describe('summariseModels for OpenAI-compatible servers', () => {
  it('finds a listed model', () => {
    expect(summariseModels(endpoint('openai', 'joycaption'), ['joycaption', 'qwen'])).toEqual({ ok: true, summary: '2 models, joycaption available' });
  });

  it('is ok without a model name', () => {
    expect(summariseModels(endpoint('openai', ''), ['model.gguf']).ok).toBe(true);
  });

  it('is ok, with a warning, when a single-model server lists another name (llama.cpp)', () => {
    const out = summariseModels(endpoint('openai', 'joycaption'), ['/models/llama-joycaption-beta-one.Q8_0.gguf']);
    expect(out.ok).toBe(true);
    expect(out.summary).toContain('"joycaption" is not listed');
  });

  it('is not ok when a server listing several models lacks this one', () => {
    expect(summariseModels(endpoint('openai', 'joycaption'), ['a', 'b'])).toEqual({ ok: false, summary: '2 models, but "joycaption" is not one of them (a, b)' });
  });
});

describe('chooseModel', () => {
  it('keeps a configured model and otherwise takes the first one listed', () => {
    expect(chooseModel(' joycaption ', ['a', 'b'])).toEqual({ model: 'joycaption', picked: false });
    expect(chooseModel('', ['a', 'b'])).toEqual({ model: 'a', picked: true });
    expect(chooseModel('  ', [])).toEqual({ model: '', picked: false });
  });
});

// "Test connection" against real HTTP: the fake server answers /v1/models and /api/tags as the real
// servers do, through the same openai / ollama client libraries a job uses.
describe.each(['openai', 'ollama'] as const)('checkServer over %s', (api) => {
  const server = useFakeLlms();
  const at = (s: FakeLlmServer | string, model: string): LlmEndpoint => ({
    api,
    baseUrl: typeof s === 'string' ? s : api === 'openai' ? s.openaiBase : s.url,
    model,
    timeoutMs: 5000,
    retries: 0,
  });
  const check = (endpoint: LlmEndpoint) => checkServer(endpoint, api === 'openai' ? openaiTransport(endpoint) : ollamaTransport(endpoint));
  const MODELS = ['qwen2.5vl:7b', 'llava:13b', 'joycaption-beta-one'];

  it('lists the server’s models in its order and, with no model set, picks the first', async () => {
    const s = await server({ models: MODELS });
    const result = await check(at(s, ''));
    expect(result).toMatchObject({ ok: true, models: MODELS, model: 'qwen2.5vl:7b' });
    expect(result.message).toMatch(/: 3 models, qwen2\.5vl:7b available; no model was set, so the first one listed is used; takes images/);
  });

  it('keeps and judges a configured model', async () => {
    const s = await server({ models: MODELS });
    expect(await check(at(s, 'llava:13b'))).toMatchObject({ ok: true, model: 'llava:13b' });
    const missing = await check(at(s, 'pixtral'));
    expect(missing).toMatchObject({ ok: false, model: 'pixtral', models: MODELS });
  });

  it('with an empty model list keeps the field empty', async () => {
    const s = await server({ models: [] });
    const result = await check(at(s, ''));
    expect(result.models).toEqual([]);
    expect(result.model).toBe('');
    // Ollama routes by name and has nothing to route to; an OpenAI-compatible server answers with its default.
    expect(result.ok).toBe(api === 'openai');
  });

  it('reports a server that is not running in one line, with no models', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const result = await check(at(api === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`, ''));
    expect(result).toMatchObject({ ok: false, models: [], model: '' });
    expect(result.message).toMatch(/connection refused/);
  });

  // Can the server see images at all? llama.cpp says so in /props, Ollama in /api/show; a server that
  // says nothing (vLLM) is asked with a one-pixel image.
  it('fails a server whose model takes no images, with one line on how to start it right', async () => {
    const s = await server({ models: MODELS, vision: false });
    const result = await check(at(s, 'llava:13b'));
    expect(result).toMatchObject({ ok: false, model: 'llava:13b' });
    expect(result.message).not.toContain('\n');
    if (api === 'openai') {
      expect(result.message).toMatch(/llama\.cpp \/props: the server's model takes no images: start llama-server with --mmproj .* \(or -hf <repo>.*\) and -c 8192/);
      expect(s.infoRequests).toEqual(['GET /props']);
    } else {
      expect(result.message).toContain('Ollama /api/show: the model "llava:13b" takes no images');
      expect(s.infoRequests).toEqual(['POST /api/show llava:13b']);
    }
    // Declared, so no image was sent to find out.
    expect(s.requests).toHaveLength(0);
  });

  it('asks the picked model, not the empty field, what it can do', async () => {
    const s = await server({ models: MODELS });
    expect((await check(at(s, ''))).ok).toBe(true);
    if (api === 'ollama') expect(s.infoRequests).toEqual(['POST /api/show qwen2.5vl:7b']);
  });
});

describe('checkServer: an OpenAI-compatible server without /props (vLLM) gets a one-pixel probe', () => {
  const server = useFakeLlms();
  const check = async (vision: boolean) => {
    const s = await server({ flavor: 'vllm', vision, models: ['m'] });
    const endpoint: LlmEndpoint = { api: 'openai', baseUrl: s.openaiBase, model: 'm', timeoutMs: 5000, retries: 0 };
    return { s, result: await checkServer(endpoint, openaiTransport(endpoint)) };
  };

  it('passes when the probe image is accepted', async () => {
    const { s, result } = await check(true);
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toContain('takes images (a one-pixel image was accepted)');
    expect(s.infoRequests).toEqual(['GET /props']);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ images: 1, sampling: { max_tokens: 1 } });
  });

  it('fails when the server refuses the image', async () => {
    const { result } = await check(false);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/HTTP 400: m is not a multimodal model; the server's model takes no images/);
  });
});
