import Field from '../shared-ui/Field.tsx';
import { OP_LABELS, type OpForm, type OpKind } from './opForm.ts';

interface Props {
  form: OpForm;
  onChange(patch: Partial<OpForm>): void;
}

const KINDS = Object.keys(OP_LABELS) as OpKind[];

const HINTS: Partial<Record<OpKind, string>> = {
  replace: 'Matches whole tags exactly; leave "Replace with" empty to remove the tag. Commas add several tags.',
  replaceText: 'Runs inside each tag and inside the sentences; a match never spans two tags.',
  sort: 'Trigger words stay first.',
  dedupe: 'Keeps the first of each repeated tag.',
  underscoresToSpaces: 'hatsune_miku_(cosplay) becomes hatsune miku (cosplay); kaomoji such as ^_^ and trigger words are kept.',
  trigger: 'Puts these words first in every caption and remembers them as the dataset\u2019s trigger words.',
};

function TextField({ label, value, onChange, mono }: { label: string; value: string; onChange(v: string): void; mono?: boolean }) {
  return (
    <Field label={label} className="ts-bfield">
      {(id) => <input id={id} type="text" value={value} spellCheck={false} className={mono ? 'ts-mono' : undefined} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** The operation picker and the inputs of the chosen operation. */
export default function OperationFields({ form, onChange }: Props) {
  const k = form.kind;
  return (
    <fieldset className="ts-bgroup">
      <legend>Operation</legend>
      <Field label="Operation" className="ts-bfield">
        {(id) => (
          <select id={id} value={k} onChange={(e) => onChange({ kind: e.target.value as OpKind })}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {OP_LABELS[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(k === 'replace' || k === 'replaceText') && (
        <>
          <TextField label={k === 'replace' ? 'Find tag' : 'Find text'} value={form.find} onChange={(find) => onChange({ find })} mono={form.regex} />
          <TextField label="Replace with" value={form.replace} onChange={(replace) => onChange({ replace })} />
        </>
      )}
      {k === 'replaceText' && (
        <div className="ts-brow">
          <label>
            <input type="checkbox" checked={form.regex} onChange={(e) => onChange({ regex: e.target.checked })} /> Regular expression
          </label>
          <label>
            <input type="checkbox" checked={form.caseSensitive} onChange={(e) => onChange({ caseSensitive: e.target.checked })} /> Match case
          </label>
        </div>
      )}
      {(k === 'add' || k === 'remove' || k === 'moveFront') && (
        <TextField label={k === 'add' ? 'Tags to add' : k === 'remove' ? 'Tags to remove' : 'Tags to move'} value={form.tags} onChange={(tags) => onChange({ tags })} />
      )}
      {k === 'trigger' && <TextField label="Trigger words" value={form.tags} onChange={(tags) => onChange({ tags })} />}
      {k === 'add' && (
        <div className="ts-brow">
          <Field label="Position" className="ts-bfield">
            {(id) => (
              <select id={id} value={form.position} onChange={(e) => onChange({ position: e.target.value as OpForm['position'] })}>
                <option value="end">At the end</option>
                <option value="start">At the start (after trigger words)</option>
                <option value="index">At a position</option>
              </select>
            )}
          </Field>
          {form.position === 'index' && (
            <Field label="Index (0 = first)" className="ts-bfield">
              {(id) => <input id={id} type="number" min={0} value={form.index} onChange={(e) => onChange({ index: Number(e.target.value) || 0 })} />}
            </Field>
          )}
        </div>
      )}
      {k === 'sort' && (
        <Field label="Sort by" className="ts-bfield">
          {(id) => (
            <select id={id} value={form.sortBy} onChange={(e) => onChange({ sortBy: e.target.value as OpForm['sortBy'] })}>
              <option value="alpha">Alphabetical</option>
              <option value="freq">Frequency in the dataset</option>
            </select>
          )}
        </Field>
      )}
      {HINTS[k] && <p className="ts-bhint">{HINTS[k]}</p>}
    </fieldset>
  );
}
