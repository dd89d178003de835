import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MergeMode } from '../../../shared/autocaption/config.ts';
import { scopeIds, type Scope } from '../batch/scope.ts';
import { useStore } from '../store/index.ts';
import { countJob, type JobCount } from '../../../shared/autocaption/needs-caption.ts';

const NO_WORDS: readonly string[] = [];
const SCOPES: readonly Scope[] = ['selected', 'filtered', 'all'];

export type JobCounts = Record<Scope, JobCount> & { image: JobCount | null };

/**
 * What a job would caption for each scope (and for the re-caption's one image), recounted only when
 * the captions, the selection, the filter or the mode change: a 10,000-image dataset is counted once
 * per change, not once per render.
 */
export function useJobCounts(mode: MergeMode, imageId: string | null): JobCounts {
  const s = useStore(
    useShallow((st) => ({
      selected: st.selected,
      query: st.query,
      idFilter: st.idFilter,
      filtered: st.filtered,
      order: st.order,
      docs: st.docs,
      drafts: st.drafts,
      triggerWords: st.info?.settings.triggerWords ?? NO_WORDS,
    })),
  );
  return useMemo(() => {
    const count = (ids: readonly string[]) => countJob(ids, s, mode, s.triggerWords);
    const byScope = Object.fromEntries(SCOPES.map((scope) => [scope, count(scopeIds(scope, s))])) as Record<Scope, JobCount>;
    return { ...byScope, image: imageId === null ? null : count([imageId]) };
  }, [s, mode, imageId]);
}
