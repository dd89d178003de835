import { create } from 'zustand';
import { createDatasetSlice } from './dataset.ts';
import { createDraftSlice } from './drafts.ts';
import { createJobsSlice } from './jobs.ts';
import { createLintSlice } from './lint.ts';
import { createSelectionSlice } from './selection.ts';
import type { Store } from './types.ts';
import { createViewSlice } from './view.ts';

import { createUiSlice } from './ui.ts';

export type { Store } from './types.ts';

export const useStore = create<Store>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createViewSlice(...a),
  ...createSelectionSlice(...a),
  ...createDraftSlice(...a),
  ...createJobsSlice(...a),
  ...createLintSlice(...a),
  ...createUiSlice(...a),
}));
