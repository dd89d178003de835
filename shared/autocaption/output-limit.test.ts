import { describe, expect, it } from 'vitest';
import { PROMPT_PRESETS } from '../../models/prompts.ts';
import { LlmConfigSchema } from './config.ts';
import { contextSize, imageSide, isThinkingModel, outputLimit, retryLimit } from './output-limit.ts';
import { requestLimits } from './request.ts';

const llm = (patch: Record<string, unknown> = {}) => LlmConfigSchema.parse(patch);

describe('outputLimit', () => {
  it('scales with the sentence count when neither the preset nor the user sets it', () => {
    expect(outputLimit(llm(), PROMPT_PRESETS.workflow, 3)).toBe(220);
    expect(outputLimit(llm(), PROMPT_PRESETS.workflow, 20)).toBe(900);
    expect(outputLimit(llm(), PROMPT_PRESETS['qwen3-vl-instruct'], 1)).toBe(140);
  });

  it("takes the preset's documented limit, and the user's over both", () => {
    expect(outputLimit(llm(), PROMPT_PRESETS['joycaption-beta-one'], 20)).toBe(512);
    expect(outputLimit(llm({ maxTokens: 1000 }), PROMPT_PRESETS['joycaption-beta-one'], 3)).toBe(1000);
    expect(outputLimit(llm({ maxTokens: 64 }), PROMPT_PRESETS['qwen3-vl-thinking'], 3)).toBe(64);
  });

  it('gives a thinking model room to reason: by its preset, or by its name under another preset', () => {
    expect(outputLimit(llm(), PROMPT_PRESETS['qwen3-vl-thinking'], 3)).toBe(8192);
    expect(outputLimit(llm({ model: 'Qwen3-VL-8B-Thinking-Q4_K_M.gguf' }), PROMPT_PRESETS.workflow, 3)).toBe(8192);
    expect(isThinkingModel('qwen3-vl:8b-thinking')).toBe(true);
    expect(isThinkingModel('qwen3-vl:8b-instruct')).toBe(false);
  });

  it('doubles for the retry, within a cap', () => {
    expect(retryLimit(220)).toBe(440);
    expect(retryLimit(40_000)).toBe(65_536);
  });
});

describe('image side and Ollama context', () => {
  it("uses the preset's image size unless the user set one", () => {
    expect(imageSide(llm(), PROMPT_PRESETS.toriigate)).toBe(633);
    expect(imageSide(llm(), PROMPT_PRESETS.workflow)).toBe(1024);
    expect(imageSide(llm({ maxSide: 768 }), PROMPT_PRESETS.toriigate)).toBe(768);
  });

  it('sizes num_ctx for image + prompt + answer, never below the setting', () => {
    expect(contextSize(8192, 1024, 600, 220)).toBe(8192);
    // 1024 px: 37² = 1369 image tokens; 4000 characters: 1334; 8192 answer tokens.
    expect(contextSize(8192, 1024, 4000, 8192)).toBe(11_264);
    expect(contextSize(2048, 2048, 600, 220)).toBe(6144);
  });

  it('requestLimits: Ollama gets a context size, OpenAI-compatible servers none', () => {
    expect(requestLimits(llm({ api: 'ollama' }), 3, 500)).toEqual({ sampling: { temperature: 0.6, top_p: 0.9, max_tokens: 220 }, maxSide: 1024, contextTokens: 8192 });
    expect(requestLimits(llm({ preset: 'toriigate' }), 3, 500)).toEqual({ sampling: { temperature: 0.6, top_p: 0.9, top_k: 40, max_tokens: 512 }, maxSide: 633, contextTokens: undefined });
  });
});

describe('LlmConfig: presets and unset limits', () => {
  it('reads the preset ids saved before the split as the presets they meant', () => {
    expect(llm({ preset: 'joycaption' }).preset).toBe('joycaption-beta-one');
    expect(llm({ preset: 'qwen-vl' }).preset).toBe('qwen3-vl-instruct');
    expect(llm({ preset: 'toriigate' }).preset).toBe('toriigate');
    expect(llm().preset).toBe('workflow');
    expect(() => llm({ preset: 'nope' })).toThrow();
  });

  it('stores "not set" (null) apart from a value', () => {
    expect(llm()).toMatchObject({ maxTokens: null, maxSide: null, promptTags: null, numCtx: 8192 });
    expect(llm({ maxTokens: 300, maxSide: 1024, promptTags: false })).toMatchObject({ maxTokens: 300, maxSide: 1024, promptTags: false });
    expect(JSON.parse(JSON.stringify(llm()))).toMatchObject({ maxTokens: null, maxSide: null });
  });
});
