import Field from '../shared-ui/Field.tsx';
import { MarkedError } from '../shared-ui/MarkedError.tsx';
import { OP_LABELS, type OpForm, type OpKind } from './opForm.ts';

interface Props {
  form: OpForm;
  /** What is wrong with the Find pattern and where, shown under it as it is typed. */
  patternError?: { message: string; at: number } | null;
  onChange(patch: Partial<OpForm>): void;
}

const PATTERN_ERROR_ID = 'batch-pattern-error';

const KINDS = Object.keys(OP_LABELS) as OpKind[];

const HINTS: Partial<Record<OpKind, string>> = {
  replace: 'Matches whole tags exactly; leave "Replace with" empty to remove the tag. Commas add several tags.',
  replaceText:
    'Runs inside each tag and inside the sentences; a match never spans two tags. A regular expression is written as in JavaScript ($1 in the replacement) and runs on RE2: no backreferences or lookaround.',
  sort: 'Trigger words stay first.',
  dedupe: 'Keeps the first of each repeated tag.',
  underscoresToSpaces: 'hatsune_miku_(cosplay) becomes hatsune miku (cosplay); kaomoji such as ^_^ and trigger words are kept.',
  trigger: 'Puts these words first in every caption and remembers them as the dataset\u2019s trigger words.',
};

interface TextFieldProps {
  label: string;
  value: string;
  onChange(v: string): void;
  mono?: boolean;
  /** Id of the error that describes this field's value, when it has one. */
  errorId?: string;
}

function TextField({ label, value, onChange, mono, errorId }: TextFieldProps) {
  return (
    <Field label={label} className="ts-bfield">
      {(id) => (
        <input
          id={id}
          type="text"
          value={value}
          spellCheck={false}
          className={mono ? 'ts-mono' : undefined}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** The operation picker and the inputs of the chosen operation. */
export default function OperationFields({ form, patternError, onChange }: Props) {
  const k = form.kind;
  return (
    <fieldset className="ts-bgroup">
      {/* The group keeps its name for screen readers; on screen the picker right below says it. */}
      <legend className="visually-hidden">Operation</legend>
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
          <TextField
            label={k === 'replace' ? 'Find tag' : 'Find text'}
            value={form.find}
            onChange={(find) => onChange({ find })}
            mono={form.regex}
            errorId={patternError ? PATTERN_ERROR_ID : undefined}
          />
          {patternError && (
            <MarkedError id={PATTERN_ERROR_ID} className="filter-error ts-bpattern-error" text={form.find} message={patternError.message} position={patternError.at} />
          )}
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
