import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MergeMode } from '../../../shared/autocaption/config.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { useStore } from '../store/index.ts';
import type { Scope } from '../batch/scope.ts';
import { scopeLabel, scopeSummary } from './scopeWords.ts';
import type { JobCounts } from './useJobCounts.ts';

interface Props {
  scope: Scope;
  onChange(scope: Scope): void;
  /** Re-caption: the one image the job is fixed to. */
  imageId: string | null;
  mode: MergeMode;
  /** What the job would caption per scope under `mode` (useJobCounts). */
  counts: JobCounts;
}

/**
 * The "Images" radio group: Selected (N), Filtered (N), All (N), or the one image of a re-caption.
 * N is what the job would caption under the merge mode ("All (7 of 303)" in skip mode), and the line
 * under the options says so in words.
 */
export default function ScopeField({ scope, onChange, imageId, mode, counts }: Props) {
  const legendId = useId();
  const summaryId = useId();
  const { query, idLabel } = useStore(useShallow((s) => ({ query: s.query.trim(), idLabel: s.idFilter?.label ?? null })));
  const options: { value: Scope; name: string; disabled: boolean; title?: string }[] = [
    { value: 'selected', name: 'Selected', disabled: counts.selected.inScope === 0 },
    { value: 'filtered', name: 'Filtered', disabled: query === '' && idLabel === null, title: idLabel ?? (query || 'No filter set') },
    { value: 'all', name: 'All', disabled: false },
  ];
  const chosen = imageId !== null && counts.image ? counts.image : counts[scope];
  const summary = scopeSummary(chosen, mode, imageId);
  return (
    <fieldset className="ac-group" role="radiogroup" aria-labelledby={legendId} aria-describedby={summary ? summaryId : undefined}>
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
            {scopeLabel(o.name, counts[o.value], mode)}
          </label>
        ))
      )}
      {summary && (
        <p id={summaryId} className="ac-hint" aria-live="polite">
          {summary}
        </p>
      )}
    </fieldset>
  );
}
