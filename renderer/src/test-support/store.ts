import { createStore, type StoreApi } from 'zustand';
import { ok } from '../../../shared/result.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import type { DatasetSnapshot, ImageItem, Transport } from '../../../shared/contract/index.ts';
import { createDatasetSlice } from '../store/dataset.ts';
import { createJobsSlice } from '../store/jobs.ts';
import { createLintSlice } from '../store/lint.ts';
import { createSelectionSlice } from '../store/selection.ts';
import { createUiSlice } from '../store/ui.ts';
import type { DraftSlice, Store } from '../store/types.ts';
import { createViewSlice } from '../store/view.ts';

/*
 * A store built from the real slices this folder owns, with a minimal draft slice in place of the
 * drafts helper's (tests here exercise dataset, view and selection; drafts are tested with their own).
 */
export function draftStub(): DraftSlice {
  return {
    drafts: {},
    stranded: {},
    followFolder: () => {},
    discardStranded: () => {},
    editCaption: () => {},
    flushDraft: async () => {},
    flushDrafts: async () => {},
    resolveConflict: async () => {},
    resolveEmpty: async () => {},
    saveState: 'saved',
    lastMessage: null,
    setMessage() {},
  };
}

export function makeStore(): StoreApi<Store> {
  return createStore<Store>()((set, get, api) => ({
    ...createDatasetSlice(set, get, api),
    ...createViewSlice(set, get, api),
    ...createSelectionSlice(set, get, api),
    ...draftStub(),
    ...createJobsSlice(set, get, api),
    ...createLintSlice(set, get, api),
    ...createUiSlice(set, get, api),
    setMessage: (lastMessage) => set({ lastMessage }),
  }));
}

export const image = (id: string, caption: string | null): ImageItem => ({
  id,
  captionPath: id.replace(/\.[^./]+$/, '.txt'),
  caption,
});

export function snapshot(images: ImageItem[]): DatasetSnapshot {
  return {
    info: {
      root: '/data/set',
      name: 'set',
      settings: DatasetSettingsSchema.parse({}),
      orphanCaptions: [],
      warnings: [],
      recovery: null,
    },
    images,
    history: { entries: [], head: 0, canUndo: false, canRedo: false },
    reviewed: [],
    eventSeq: 0,
  };
}

/** A transport whose snapshot is the given images; other channels are not used by these tests. */
export function fakeTransport(images: ImageItem[]): Transport {
  const api = new Proxy({}, {
    get: (_t, channel) => async () => {
      if (channel === 'dataset.snapshot') return ok(snapshot(images));
      throw new Error(`unexpected channel ${String(channel)}`);
    },
  });
  return { api: api as Transport['api'], subscribe: () => () => {}, mediaUrl: (id) => `/m/${id}`, thumbnailUrl: (id) => `/t/${id}` };
}

export async function loadedStore(images: ImageItem[]): Promise<StoreApi<Store>> {
  const store = makeStore();
  store.getState().setTransport(fakeTransport(images));
  await store.getState().load();
  return store;
}
