import { create, type StateCreator } from 'zustand';
import { createDatasetSlice } from './dataset.ts';
import { createDraftSlice } from './drafts.ts';
import { createJobsSlice } from './jobs.ts';
import { createLintSlice } from './lint.ts';
import { createSelectionSlice } from './selection.ts';
import type { Store } from './types.ts';
import { createViewSlice } from './view.ts';

export type { Store } from './types.ts';

/** Each slice file exports `createXSlice: SliceCreator<XSlice>`; slices may read/write the whole store. */
export type SliceCreator<T> = StateCreator<Store, [], [], T>;

export const useStore = create<Store>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createViewSlice(...a),
  ...createSelectionSlice(...a),
  ...createDraftSlice(...a),
  ...createJobsSlice(...a),
  ...createLintSlice(...a),
}));
