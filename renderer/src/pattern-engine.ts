import type * as Engine from 're2js';

/*
 * The page's stand-in for the `re2js` package (vite.config.ts points every other import of it here).
 * RE2 is 150 KB of the start's code, a fifth of it, and only a glob or a regular expression needs it:
 * a filter typed, a batch step's pattern. So it loads in a chunk of its own once the first screen is
 * shown (boot.ts), and these live bindings then become the real classes. A pattern compiled before
 * that gets a one-line error that says so, and the filter is applied again when the engine arrives.
 */

/** The error of a pattern compiled before the engine has loaded. */
export const PATTERN_ENGINE_LOADING = 'Loading the pattern engine for globs and regular expressions…';

/** What the stand-in throws: shared/pattern/compile.ts reports it as the pattern's error, at 0. */
class EngineLoading extends Error {
  /** Read by compile.ts as RE2's error code, the message it shows. */
  readonly error = PATTERN_ENGINE_LOADING;
  readonly input = '';
}

const standIn = {
  CASE_INSENSITIVE: 1,
  MULTILINE: 2,
  DOTALL: 4,
  compile(): never {
    throw new EngineLoading();
  },
};

export let RE2JS = standIn as unknown as typeof Engine.RE2JS;
export let RE2JSException = EngineLoading as unknown as typeof Engine.RE2JSException;

let loaded = false;
let loading: Promise<void> | null = null;

/** Loads the engine (once; a failed load is tried again on the next call). */
export function loadPatternEngine(): Promise<void> {
  loading ??= import('./pattern-engine-load.ts').then(
    (engine) => {
      RE2JS = engine.RE2JS;
      RE2JSException = engine.RE2JSException;
      loaded = true;
    },
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** Whether patterns compile now (a compiled query cached before this is stale). */
export const patternEngineLoaded = (): boolean => loaded;
