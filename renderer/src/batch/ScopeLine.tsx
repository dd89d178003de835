import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BatchTarget } from '../../../shared/contract/index.ts';
import { useStore } from '../store/index.ts';
import { hiddenSelected, ruleScope, scopeView, targetOf, type Scope } from './scope.ts';

export interface BatchScope {
  scope: Scope;
  target: BatchTarget;
  /** Images the target covers. */
  count: number;
  /** Selected images the filter hides, and whether the user chose to include them. */
  hidden: number;
  includeHidden: boolean;
  setIncludeHidden(include: boolean): void;
  /** Changes whenever the target does (cheap: no id lists compared). */
  key: string;
  /** The filter as the user set it, for the scope line. */
  filterName: string;
}

/** The batch panel's scope by the one scope rule, live: it follows the grid's selection and filter. */
export function useBatchScope(): BatchScope {
  const s = useStore(useShallow((st) => ({ selected: st.selected, query: st.query, idFilter: st.idFilter, filtered: st.filtered, order: st.order })));
  const [includeHidden, setIncludeHidden] = useState(false);
  return useMemo(() => {
    const scope = ruleScope(s);
    const hiddenIds = scope === 'selected' ? hiddenSelected(s) : [];
    const skip = new Set(includeHidden ? [] : hiddenIds);
    const target: BatchTarget =
      scope === 'selected' ? { kind: 'ids', ids: [...s.selected].filter((id) => !skip.has(id)) } : targetOf(scope, scopeView(s), null);
    const count = scope === 'selected' ? s.selected.size - skip.size : scope === 'filtered' ? s.filtered.length : s.order.length;
    const filterName = [s.query.trim(), s.idFilter && `lint: ${s.idFilter.label}`].filter(Boolean).join(' + ');
    const key = [scope, s.query, s.idFilter?.label ?? '', s.selected.size, s.filtered.length, s.order.length, includeHidden, ...(scope === 'selected' ? [...s.selected] : [])].join('\u0000');
    return { scope, target, count, hidden: hiddenIds.length, includeHidden, setIncludeHidden, key, filterName };
  }, [s, includeHidden]);
}

/** States which images the batch reads, by the one scope rule, and asks before including hidden ones. */
export function ScopeLine({ scope }: { scope: BatchScope }) {
  const n = scope.count.toLocaleString();
  const text =
    scope.scope === 'selected'
      ? `Applies to the ${n} selected images`
      : scope.scope === 'filtered'
        ? `Applies to the ${n} images matching the filter (${scope.filterName})`
        : `Applies to all ${n} images (no filter or selection)`;
  return (
    <div className="ts-bscope">
      <p className="ts-bscope-text">{text}</p>
      {scope.hidden > 0 && (
        <label className="ts-bcheck ts-bwarn">
          <input type="checkbox" checked={scope.includeHidden} onChange={(e) => scope.setIncludeHidden(e.target.checked)} /> Include{' '}
          {scope.hidden.toLocaleString()} selected {scope.hidden === 1 ? 'image' : 'images'} the filter hides
        </label>
      )}
      <p className="ts-bhint">Select images or set a filter to narrow it; the preview shows every change first.</p>
    </div>
  );
}
