import { describe, expect, it, vi } from 'vitest';
import { PATTERN_ENGINE_LOADING } from '../pattern-engine.ts';

// The page's glob compiles through the pattern engine's stand-in until RE2 has loaded; glob.ts then
// throws with the stand-in's message. Here compileQuery throws as it would.
vi.mock('../../../shared/query/index.ts', async (original) => ({
  ...(await original<object>()),
  compileQuery: (src: string) => {
    if (src === 'tag:red*') throw new Error(`glob compiled to an invalid pattern: ${PATTERN_ENGINE_LOADING}`);
    throw new Error('a bug');
  },
}));

const { compileCached } = await import('./derive.ts');

describe('a query compiled before the pattern engine has loaded', () => {
  it('is refused with the reason, at no position in particular; any other failure still throws', () => {
    expect(compileCached('tag:red*')).toEqual({ ok: false, error: { kind: 'query-syntax', message: PATTERN_ENGINE_LOADING, position: 0 } });
    expect(() => compileCached('tag:blue*')).toThrow('a bug');
  });
});
