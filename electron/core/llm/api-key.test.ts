import { describe, expect, it } from 'vitest';
import { resolveApiKey } from './api-key.ts';

describe('resolveApiKey', () => {
  it('prefers TAGSMITH_LLM_API_KEY, then OPENAI_API_KEY, then OPENROUTER_API_KEY', () => {
    const all = { TAGSMITH_LLM_API_KEY: 't', OPENAI_API_KEY: 'o', OPENROUTER_API_KEY: 'r' };
    expect(resolveApiKey(all)).toBe('t');
    expect(resolveApiKey({ ...all, TAGSMITH_LLM_API_KEY: undefined })).toBe('o');
    expect(resolveApiKey({ OPENROUTER_API_KEY: 'r' })).toBe('r');
  });

  it('skips blank values and trims', () => {
    expect(resolveApiKey({ TAGSMITH_LLM_API_KEY: '  ', OPENAI_API_KEY: ' sk-1 \n' })).toBe('sk-1');
  });

  it('is undefined when nothing is set', () => {
    expect(resolveApiKey({})).toBeUndefined();
  });
});
