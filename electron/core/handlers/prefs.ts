import type { Handlers } from '../../../shared/contract/api.ts';
import type { UserPrefs } from '../../../shared/prefs/prefs.ts';
import { LLM_SECTION } from '../config/llm-config.ts';
import { loadPrefs, updatePrefs } from '../config/prefs-file.ts';
import { unwrap } from './errors.ts';

type PrefsHandlers = Pick<Handlers, 'prefs.get' | 'prefs.update'>;

/**
 * The per-user preferences, read from the file on every get: the desktop app and a `tagsmith serve`
 * share the file, and a reload should show what the other one saved. No dataset needed: the desktop
 * app answers them while its start folder is still being read (`warn` then says it once it is open).
 */
export function prefsHandlers(configFile: string, warn: (message: string) => void): PrefsHandlers {
  // A broken file is announced once per problem, not on every get; updates still fail with it.
  const announced = new Set<string>();
  return {
    'prefs.get': async () => {
      const { prefs, problem } = await loadPrefs(configFile);
      if (problem && !announced.has(problem.message)) {
        announced.add(problem.message);
        warn(problem.message);
      }
      return forClient(prefs);
    },
    'prefs.update': async ({ patch }) => forClient(unwrap(await updatePrefs(configFile, patch))),
  };
}

/** The machine-level LLM section holds API keys: it stays in the file and never reaches a client. */
function forClient(prefs: UserPrefs): UserPrefs {
  if (!Object.hasOwn(prefs, LLM_SECTION)) return prefs;
  const { [LLM_SECTION]: _machine, ...rest } = prefs as Record<string, unknown>;
  return rest as UserPrefs;
}
