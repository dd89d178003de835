import { useState } from 'react';
import FormField from './FormField.tsx';
import { FOLDER_CHOICE, modelGroups, modelHint, modelOptionLabel, pickerChoice, type ListState, type TaggerModelInfo } from './taggerModels.ts';

interface Props {
  /** The form's model: a registry id (or repository name) or a folder path. */
  value: string;
  onChange(model: string): void;
  error: string | undefined;
  models: readonly TaggerModelInfo[];
  /** Whether the models' state on this machine is known yet. */
  listState: ListState;
}

/**
 * The tagger model: a list of the known WD14 taggers, each with its size and whether it is already
 * downloaded, and "Local folder…", which shows a field for a folder holding model.onnx +
 * selected_tags.csv. A folder typed there is kept while the user looks at the listed models.
 */
export default function TaggerModelPicker({ value, onChange, error, models, listState }: Props) {
  const choice = pickerChoice(value, models);
  const [folder, setFolder] = useState(choice === FOLDER_CHOICE ? value : '');
  const inFolder = choice === FOLDER_CHOICE;

  const choose = (next: string) => {
    if (next === FOLDER_CHOICE) onChange(folder);
    else onChange(next);
  };

  return (
    <>
      <FormField label="Tagger model" error={inFolder ? undefined : error} hint={inFolder ? undefined : modelHint(value, models, listState)}>
        {(p) => (
          <select {...p} value={choice} onChange={(e) => choose(e.target.value)}>
            {modelGroups(models).map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {modelOptionLabel(m)}
                  </option>
                ))}
              </optgroup>
            ))}
            <optgroup label="Your own">
              <option value={FOLDER_CHOICE}>Local folder…</option>
            </optgroup>
          </select>
        )}
      </FormField>
      {inFolder && (
        <FormField label="Model folder" error={error} hint={modelHint(value, models, listState)}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={value}
              spellCheck={false}
              placeholder="/path/to/wd-tagger"
              onChange={(e) => {
                setFolder(e.target.value);
                onChange(e.target.value);
              }}
            />
          )}
        </FormField>
      )}
    </>
  );
}
