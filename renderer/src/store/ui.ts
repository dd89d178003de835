import { applyPrefsPatch, defaultPrefs, EditorPrefsSchema, type EditorPrefsPatch } from '../../../shared/prefs/prefs.ts';
import { request } from './request.ts';
import type { PanelName, SliceCreator, UiSlice } from './types.ts';

/*
 * What the screen looks like rather than what the dataset holds: focus requests (components focus
 * their own element when a request names them, so focus moves through the store, not by DOM ids),
 * which panels are open, and the per-user preferences, which are saved in the per-user config file
 * through the contract (never browser storage: web mode's origin changes with every port).
 */

/** Preference changes within this pause are saved as one write (a thumbnail slider being dragged). */
export const PREFS_SAVE_DELAY_MS = 300;

const CLOSED: Record<PanelName, boolean> = { batch: false, export: false, help: false, quickTags: false, trainerCheck: false };

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  let seq = 0;
  let pending: EditorPrefsPatch | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const savePending = async () => {
    timer = null;
    const patch = pending;
    pending = null;
    if (!patch) return;
    const res = await request(get().transport, 'prefs.update', { patch });
    // The preference already shows; only its next start is at stake, which the message says.
    if (!res.ok) get().setMessage(`Preferences not saved: ${res.error.message}`);
  };

  return {
    focusRequest: null,
    requestFocus: (target) => set({ focusRequest: { target, seq: ++seq, at: performance.now() } }),

    panels: CLOSED,
    setPanel: (name, open) => set((s) => (s.panels[name] === open ? {} : { panels: { ...s.panels, [name]: open } })),

    prefs: defaultPrefs().editor,
    prefsLoaded: false,
    async loadPrefs() {
      const res = await request(get().transport, 'prefs.get', {});
      if (res.ok) {
        // A change made before the answer arrived (a fast click) wins over the loaded value.
        const loaded = EditorPrefsSchema.parse(res.value.editor);
        set({ prefs: pending ? applyPrefsPatch({ version: 1, editor: loaded }, pending).editor : loaded, prefsLoaded: true });
      } else {
        set({ prefsLoaded: true });
        get().setMessage(`Preferences not loaded (defaults in use): ${res.error.message}`);
      }
    },
    setPrefs(patch) {
      set((s) => ({ prefs: applyPrefsPatch({ version: 1, editor: s.prefs }, patch).editor }));
      pending = pending ? mergePatch(pending, patch) : patch;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => void savePending(), PREFS_SAVE_DELAY_MS);
    },

    chipFlash: null,
    flashChip: (tag) => set({ chipFlash: { tag, seq: ++seq } }),

    batchRequest: null,
    openBatch: (steps) => set((s) => ({ batchRequest: { steps, seq: ++seq }, panels: { ...s.panels, batch: true } })),

    selectionAsk: null,
    askSelectionEdit: (edit) => set({ selectionAsk: edit }),

    tagReview: null,
    openTagReview: (tags) => set({ tagReview: tags && tags.length > 0 ? { tags } : null }),
  };
};

/** Two patches as one: later keys win, layouts merge by group key. */
export function mergePatch(a: EditorPrefsPatch, b: EditorPrefsPatch): EditorPrefsPatch {
  const out: EditorPrefsPatch = { ...a, ...b };
  if (a.layouts && b.layouts) out.layouts = { ...a.layouts, ...b.layouts };
  return out;
}
