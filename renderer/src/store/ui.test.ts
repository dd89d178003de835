import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../../shared/result.ts';
import { applyPrefsPatch, defaultPrefs, type EditorPrefsPatch, type UserPrefs } from '../../../shared/prefs/prefs.ts';
import type { Transport } from '../../../shared/contract/index.ts';
import { makeStore } from '../test-support/store.ts';
import { mergePatch, PREFS_SAVE_DELAY_MS } from './ui.ts';

/** A backend holding one preferences file, as the per-user config handler does. */
function prefsBackend(start: UserPrefs = defaultPrefs(), fail = false) {
  let stored = start;
  const updates: EditorPrefsPatch[] = [];
  const api = {
    'prefs.get': async () => (fail ? err({ kind: 'invalid-settings', message: 'config.json is not valid JSON' }) : ok(stored)),
    'prefs.update': async ({ patch }: { patch: EditorPrefsPatch }) => {
      updates.push(patch);
      stored = applyPrefsPatch(stored, patch);
      return ok(stored);
    },
  };
  const transport = { api, subscribe: () => () => {}, mediaUrl: String, thumbnailUrl: String } as unknown as Transport;
  return { transport, updates, get stored() { return stored; } };
}

describe('ui slice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens and closes panels by name', () => {
    const store = makeStore();
    store.getState().setPanel('export', true);
    expect(store.getState().panels).toMatchObject({ export: true, batch: false, help: false });
    store.getState().setPanel('export', false);
    expect(store.getState().panels.export).toBe(false);
  });

  it('numbers focus requests, so asking twice for the same field moves focus twice', () => {
    const store = makeStore();
    store.getState().requestFocus('addTag');
    const first = store.getState().focusRequest!;
    store.getState().requestFocus('addTag');
    expect(store.getState().focusRequest!.seq).toBeGreaterThan(first.seq);
  });

  it('loads the saved preferences; a failed load keeps the defaults and says so', async () => {
    const saved = applyPrefsPatch(defaultPrefs(), { viewMode: 'list', thumbSize: 240 });
    const store = makeStore();
    store.getState().setTransport(prefsBackend(saved).transport);
    await store.getState().loadPrefs();
    expect(store.getState()).toMatchObject({ prefsLoaded: true, prefs: { viewMode: 'list', thumbSize: 240 } });

    const broken = makeStore();
    broken.getState().setTransport(prefsBackend(saved, true).transport);
    await broken.getState().loadPrefs();
    expect(broken.getState().prefs.viewMode).toBe('grid');
    expect(broken.getState().prefsLoaded).toBe(true);
    expect(broken.getState().lastMessage).toMatch(/not valid JSON/);
  });

  it('shows a change at once and saves a burst of changes as one write', async () => {
    const backend = prefsBackend();
    const store = makeStore();
    store.getState().setTransport(backend.transport);
    for (const size of [170, 180, 190]) store.getState().setPrefs({ thumbSize: size });
    store.getState().setPrefs({ layouts: { a: { x: 30, y: 70 } } });
    store.getState().setPrefs({ layouts: { b: { x: 50, y: 50 } } });
    expect(store.getState().prefs.thumbSize).toBe(190);
    expect(backend.updates).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(PREFS_SAVE_DELAY_MS);
    expect(backend.updates).toEqual([{ thumbSize: 190, layouts: { a: { x: 30, y: 70 }, b: { x: 50, y: 50 } } }]);
    expect(backend.stored.editor.layouts).toEqual({ a: { x: 30, y: 70 }, b: { x: 50, y: 50 } });
  });

  it('merges patches key by key, layouts by group', () => {
    expect(mergePatch({ viewMode: 'list', layouts: { a: { x: 1 } } }, { hidePreview: true, layouts: { a: { x: 2 }, b: null } })).toEqual({
      viewMode: 'list',
      hidePreview: true,
      layouts: { a: { x: 2 }, b: null },
    });
  });
});
