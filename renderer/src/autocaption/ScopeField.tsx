import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import type { Scope } from '../batch/scope.ts';

interface Props {
  scope: Scope;
  onChange(scope: Scope): void;
  /** Re-caption: the one image the job is fixed to. */
  imageId: string | null;
}

/** The "Images" radio group: Selected (N), Filtered (N), All (N); or the one image of a re-caption. */
export default function ScopeField({ scope, onChange, imageId }: Props) {
  const legendId = useId();
  const { total, shown, selected, query, idLabel } = useStore(
    useShallow((s) => ({ total: s.order.length, shown: s.filtered.length, selected: s.selected.size, query: s.query.trim(), idLabel: s.idFilter?.label ?? null })),
  );
  const options: { value: Scope; label: string; disabled: boolean; title?: string }[] = [
    { value: 'selected', label: `Selected (${selected.toLocaleString()})`, disabled: selected === 0 },
    { value: 'filtered', label: `Filtered (${shown.toLocaleString()})`, disabled: query === '' && idLabel === null, title: idLabel ?? (query || 'No filter set') },
    { value: 'all', label: `All (${total.toLocaleString()})`, disabled: false },
  ];
  return (
    <fieldset className="ac-group" role="radiogroup" aria-labelledby={legendId}>
      <legend id={legendId}>Images</legend>
      {imageId !== null ? (
        <label className="ac-check">
          <input type="radio" name="ac-scope" checked readOnly />
          {`Only ${fileName(imageId)}`}
        </label>
      ) : (
        options.map((o) => (
          <label key={o.value} className="ac-check" title={o.title}>
            <input type="radio" name="ac-scope" value={o.value} checked={scope === o.value} disabled={o.disabled} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))
      )}
    </fieldset>
  );
}
