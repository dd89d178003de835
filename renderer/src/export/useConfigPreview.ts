import { useEffect, useState } from 'react';
import type { TrainerConfigs, TrainerOptions } from '../../../shared/trainers/types.ts';
import { useStore } from '../store/index.ts';
import { fetchConfigs } from './actions.ts';

export type PreviewState = { kind: 'idle' } | { kind: 'loading'; last: TrainerConfigs | null } | { kind: 'ready'; configs: TrainerConfigs } | { kind: 'failed'; message: string };

/** Typing a number should not send a request per keystroke; a quarter second still feels live. */
export const PREVIEW_DEBOUNCE_MS = 250;

/**
 * The generated configs for the options on screen, fetched after a short pause; null options (the
 * form has an error) keep the last preview. An answer for options since changed is dropped.
 */
export function useConfigPreview(options: TrainerOptions | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  // Keyed by value: the form builds a new options object on every render.
  const key = options ? JSON.stringify(options) : null;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ kind: 'loading', last: s.kind === 'ready' ? s.configs : s.kind === 'loading' ? s.last : null }));
    const timer = setTimeout(() => {
      void fetchConfigs(useStore, JSON.parse(key) as TrainerOptions).then((res) => {
        if (live) setState(res.ok ? { kind: 'ready', configs: res.value } : { kind: 'failed', message: res.error.message });
      });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}
