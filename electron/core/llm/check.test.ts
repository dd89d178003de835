import { describe, expect, it } from 'vitest';
import { summariseModels } from './check.ts';
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
