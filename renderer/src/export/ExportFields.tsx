import { useId } from 'react';
import { TRAINER_FORMATS } from '../../../shared/trainers/types.ts';
import FormField from '../autocaption/FormField.tsx';
import { TRAINER_NAMES } from '../../../shared/trainers/index.ts';
import { type ExportForm, type FormErrors } from './form.ts';

interface Props {
  form: ExportForm;
  errors: FormErrors;
  onChange(patch: Partial<ExportForm>): void;
}

const TOKEN_LENGTHS = [75, 150, 225] as const;

/** The export options: trainer, the repeats calculator's inputs, destination and copy options. */
export default function ExportFields({ form, errors, onChange }: Props) {
  const legendId = useId();
  const number = (field: 'repeats' | 'targetSteps' | 'epochs' | 'batchSize' | 'resolution', label: string, hint?: string) => (
    <FormField label={label} error={errors[field]} hint={hint}>
      {(p) => <input {...p} type="number" min={1} step={1} value={form[field]} onChange={(e) => onChange({ [field]: e.target.value })} />}
    </FormField>
  );
  return (
    <div className="ex-fields">
      <fieldset className="ac-group" role="radiogroup" aria-labelledby={legendId}>
        <legend id={legendId}>Trainer</legend>
        {TRAINER_FORMATS.map((f) => (
          <label key={f} className="ac-check">
            <input type="radio" name="ex-format" value={f} checked={form.format === f} onChange={() => onChange({ format: f })} />
            {TRAINER_NAMES[f]}
          </label>
        ))}
      </fieldset>
      <fieldset className="ac-group">
        <legend>Training</legend>
        <div className="ac-row">
          {number('repeats', 'Repeats', 'Empty: from the target steps')}
          {number('targetSteps', 'Target steps')}
        </div>
        <div className="ac-row">
          {number('epochs', 'Epochs')}
          {number('batchSize', 'Batch size')}
          {number('resolution', 'Resolution')}
        </div>
        <div className="ac-row">
          <FormField label="Class word" error={errors.classWord} hint="kohya folder: repeats_trigger class" className="ac-grow">
            {(p) => <input {...p} type="text" value={form.classWord} spellCheck={false} placeholder="woman, dog, style…" onChange={(e) => onChange({ classWord: e.target.value })} />}
          </FormField>
          <FormField label="Max token length">
            {(p) => (
              <select {...p} value={form.maxTokenLength} onChange={(e) => onChange({ maxTokenLength: Number(e.target.value) as ExportForm['maxTokenLength'] })}>
                {TOKEN_LENGTHS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        <label className="ac-check" title="Trainers shuffle the tags each step; the trigger word stays first (keep_tokens)">
          <input type="checkbox" checked={form.shuffleCaption} onChange={(e) => onChange({ shuffleCaption: e.target.checked })} /> Shuffle tags
        </label>
      </fieldset>
      <fieldset className="ac-group">
        <legend>Copy</legend>
        <FormField label="Destination folder" error={errors.to} hint="On the machine running Tagsmith; must be new or empty. The originals are not touched.">
          {(p) => <input {...p} type="text" value={form.to} spellCheck={false} placeholder="/path/to/training/set" onChange={(e) => onChange({ to: e.target.value })} />}
        </FormField>
        <label className="ac-check" title={form.format === 'ai-toolkit' ? 'ai-toolkit replaces [trigger] with trigger_word' : 'ai-toolkit only'}>
          <input type="checkbox" checked={form.placeholders && form.format === 'ai-toolkit'} disabled={form.format !== 'ai-toolkit'} onChange={(e) => onChange({ placeholders: e.target.checked })} />
          {' Use [trigger] placeholders'}
        </label>
        <label className="ac-check" title={form.format === 'kohya' ? 'kohya ignores the EXIF orientation tag: without this, rotated phone photos train sideways' : 'kohya only: ai-toolkit and OneTrainer apply the tag themselves'}>
          <input type="checkbox" checked={form.bakeRotation && form.format === 'kohya'} disabled={form.format !== 'kohya'} onChange={(e) => onChange({ bakeRotation: e.target.checked })} />
          {' Turn rotated photos upright'}
        </label>
        <div className="ac-row">
          <label className="ac-check">
            <input type="checkbox" checked={form.resize} onChange={(e) => onChange({ resize: e.target.checked })} /> Resize images
          </label>
          <FormField label="Longest side" error={form.resize ? errors.maxSide : undefined}>
            {(p) => <input {...p} type="number" min={64} step={1} disabled={!form.resize} value={form.maxSide} onChange={(e) => onChange({ maxSide: e.target.value })} />}
          </FormField>
        </div>
      </fieldset>
    </div>
  );
}
