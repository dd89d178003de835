import { describe, expect, it } from 'vitest';
import * as engine from './pattern-engine.ts';

describe('the page’s pattern engine stand-in', () => {
  it('refuses to compile, with the reason, until the engine has loaded; then compiles with RE2', async () => {
    expect(engine.patternEngineLoaded()).toBe(false);
    let thrown: unknown;
    try {
      engine.RE2JS.compile('a+');
    } catch (e) {
      thrown = e;
    }
    // shared/pattern/compile.ts reads such an error as the pattern's: its `error` is the message.
    expect(thrown).toBeInstanceOf(engine.RE2JSException);
    expect((thrown as { error?: unknown }).error).toBe(engine.PATTERN_ENGINE_LOADING);

    const first = engine.loadPatternEngine();
    expect(engine.loadPatternEngine()).toBe(first);
    await first;
    expect(engine.patternEngineLoaded()).toBe(true);
    // The live bindings are the engine's now.
    expect(engine.RE2JS.compile('a+b', engine.RE2JS.CASE_INSENSITIVE).test('xAAB')).toBe(true);
    expect(() => engine.RE2JS.compile('(')).toThrow(engine.RE2JSException);
  });
});
