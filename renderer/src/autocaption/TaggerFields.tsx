import { DEVICE_LABELS, TAGGER_DEVICES, type TaggerDevice } from '../../../shared/autocaption/device.ts';
import type { AutoCaptionForm, FieldErrors } from './form.ts';
import FormField from './FormField.tsx';
import type { ListState, TaggerModelInfo } from './taggerModels.ts';
import TaggerModelPicker from './TaggerModelPicker.tsx';

interface Props {
  form: AutoCaptionForm;
  errors: FieldErrors;
  onChange(patch: Partial<AutoCaptionForm>): void;
  models: readonly TaggerModelInfo[];
  /** Whether the models' state on this machine is known (failed: the registry is offered without it). */
  listState: ListState;
  /** This machine's tagger device; null until the backend has said which. */
  device: TaggerDevice | null;
  onDevice(device: TaggerDevice): void;
}

const RULES_PLACEHOLDER = '1girl -> woman\nsimple background ->\n# a line starting with # is a comment';

/**
 * The WD14 step. The "Use WD14 tagger" checkbox sits in the legend: a disabled fieldset leaves its
 * legend's controls enabled, so the switch stays usable while the rest greys out.
 */
export default function TaggerFields({ form, errors, onChange, models, listState, device, onDevice }: Props) {
  const off = !form.useTagger;
  return (
    <fieldset className="ac-group" disabled={off}>
      <legend>
        <label className="ac-check">
          <input type="checkbox" checked={form.useTagger} onChange={(e) => onChange({ useTagger: e.target.checked })} /> Use WD14 tagger
        </label>
      </legend>
      <TaggerModelPicker value={form.model} onChange={(model) => onChange({ model })} error={errors.model} models={models} listState={listState} />
      <div className="ac-row">
        <FormField label="General threshold" error={errors.general}>
          {(p) => <input {...p} type="number" min={0} max={1} step={0.01} value={form.general} onChange={(e) => onChange({ general: e.target.value })} />}
        </FormField>
        <FormField label="Character threshold" error={errors.character}>
          {(p) => <input {...p} type="number" min={0} max={1} step={0.01} value={form.character} onChange={(e) => onChange({ character: e.target.value })} />}
        </FormField>
      </div>
      <FormField label="Device" hint="This computer's setting, for every dataset. Auto: the GPU when onnxruntime can use it, else the CPU.">
        {(p) => (
          <select {...p} value={device ?? 'auto'} disabled={device === null} onChange={(e) => onDevice(e.target.value as TaggerDevice)}>
            {TAGGER_DEVICES.map((d) => (
              <option key={d} value={d}>
                {DEVICE_LABELS[d]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="ac-row">
        <label className="ac-check" title="Cut each image's tags at the largest gap of its scores instead of the fixed thresholds">
          <input type="checkbox" checked={form.mcut} onChange={(e) => onChange({ mcut: e.target.checked })} /> MCut thresholds
        </label>
        <label className="ac-check" title="Put the most likely rating (general, sensitive, questionable, explicit) first">
          <input type="checkbox" checked={form.rating} onChange={(e) => onChange({ rating: e.target.checked })} /> Add rating tag
        </label>
      </div>
      <FormField label="Exclude tags" hint="Comma-separated; never written.">
        {(p) => <input {...p} type="text" value={form.exclude} spellCheck={false} onChange={(e) => onChange({ exclude: e.target.value })} />}
      </FormField>
      <FormField label="Tag rules" error={errors.rules} hint="One “from -> to” per line; an empty right side drops the tag.">
        {(p) => (
          <textarea
            {...p}
            className="ac-mono"
            rows={3}
            value={form.rules}
            spellCheck={false}
            placeholder={RULES_PLACEHOLDER}
            onChange={(e) => onChange({ rules: e.target.value })}
          />
        )}
      </FormField>
    </fieldset>
  );
}
