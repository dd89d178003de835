import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';

import type { Scope } from './scope.ts';

export type { Scope };

/** Which captions the batch reads: the whole dataset, the current filter result, or the selection. */
export default function ScopePicker({ scope, onChange }: { scope: Scope; onChange(scope: Scope): void }) {
  const { total, shown, selected, query, idLabel } = useStore(
    useShallow((s) => ({ total: s.order.length, shown: s.filtered.length, selected: s.selected.size, query: s.query.trim(), idLabel: s.idFilter?.label ?? null })),
  );
  const filterName = [query, idLabel && `lint: ${idLabel}`].filter(Boolean).join(' + ');
  const options: { value: Scope; label: string; count: number; disabled: boolean }[] = [
    { value: 'all', label: 'All images', count: total, disabled: false },
    { value: 'filtered', label: filterName ? `Filtered (${filterName})` : 'Filtered (no filter set)', count: shown, disabled: !filterName },
    { value: 'selected', label: 'Selected', count: selected, disabled: selected === 0 },
  ];
  return (
    <fieldset className="ts-bgroup">
      <legend>Scope</legend>
      {options.map((o) => (
        <label key={o.value} className="ts-bradio">
          <input type="radio" name="ts-batch-scope" value={o.value} checked={scope === o.value} disabled={o.disabled} onChange={() => onChange(o.value)} />
          {o.label} <span className="ts-bcount">{o.count.toLocaleString()}</span>
        </label>
      ))}
    </fieldset>
  );
}
