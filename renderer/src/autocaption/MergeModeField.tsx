import { useId } from 'react';
import type { MergeMode } from '../../../shared/autocaption/config.ts';

interface Props {
  mode: MergeMode;
  onChange(mode: MergeMode): void;
  /** Replace needs this ticked before the job can start: overwriting hand-written captions is never one click. */
  confirmed: boolean;
  onConfirm(confirmed: boolean): void;
  /** A re-caption shows its result for Accept / Discard before writing: that is the confirmation. */
  review: boolean;
}

const MODES: { value: MergeMode; label: string; hint: string }[] = [
  { value: 'skip', label: 'Skip captioned images', hint: 'Only images without a caption (or with only the trigger words) are captioned.' },
  { value: 'append', label: 'Add new tags only', hint: 'Existing captions keep their text; new tags are added, and sentences where there are none.' },
  { value: 'replace', label: 'Replace captions', hint: 'Captions are written anew; trigger words stay first.' },
];

export default function MergeModeField({ mode, onChange, confirmed, onConfirm, review }: Props) {
  const legendId = useId();
  return (
    <div className="ac-stack">
      <fieldset className="ac-group" role="radiogroup" aria-labelledby={legendId}>
        <legend id={legendId}>Merge mode</legend>
        {MODES.map((m) => (
          <label key={m.value} className="ac-check" title={m.hint}>
            <input type="radio" name="ac-mode" value={m.value} checked={mode === m.value} onChange={() => onChange(m.value)} />
            {m.label}
          </label>
        ))}
        <p className="ac-hint">{MODES.find((m) => m.value === mode)?.hint}</p>
      </fieldset>
      {review ? (
        <p className="ac-note" role="note">
          The new caption is shown with Accept and Discard before anything is written.
        </p>
      ) : (
        // Outside the radio group: a checkbox is not one of its options.
        mode === 'replace' && (
          <div className="ac-warning" role="note">
            <p>Existing captions of these images will be overwritten, hand-written ones too. One undo reverses the whole job.</p>
            <label className="ac-check">
              <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} /> I understand existing captions will be replaced
            </label>
          </div>
        )
      )}
    </div>
  );
}
