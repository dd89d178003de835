import { useId, useState, type FormEvent } from 'react';
import Dialog from '../shared-ui/Dialog.tsx';
import { dialogAutofocus } from './autofocus.ts';
import Field from '../shared-ui/Field.tsx';
import { renameProblem } from './tag-actions.ts';

interface Props {
  tag: string;
  /** Other spellings of the tag in the dataset: a rename renames them too. */
  spellings: readonly string[];
  onRename(to: string): void;
  onCancel(): void;
}

/**
 * Asks for a tag's new name. Enter confirms; the rename itself opens in the batch panel as a preview
 * over the one scope, so nothing is written from here.
 */
export function RenameTagDialog({ tag, spellings, onRename, onCancel }: Props) {
  const [name, setName] = useState(tag);
  const [touched, setTouched] = useState(false);
  const problemId = useId();
  const problem = renameProblem(tag, name);
  const others = spellings.filter((s) => s !== tag);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!problem) onRename(name);
  };

  return (
    <Dialog open title="Rename tag" onClose={onCancel} className="tag-rename-dialog">
      <form onSubmit={submit} className="tag-rename-form">
        <p className="tag-rename-from">
          Renames <strong>{tag}</strong>
          {others.length > 0 && <> and its other {others.length === 1 ? 'spelling' : 'spellings'} ({others.join(', ')})</>} in every caption of the scope. A
          name the dataset already has merges the two.
        </p>
        <Field label="New name" className="tag-rename-field">
          {(id) => (
            <input
              id={id}
              className="text-input"
              type="text"
              value={name}
              ref={dialogAutofocus}
              onFocus={(e) => e.currentTarget.select()}
              onChange={(e) => {
                setName(e.target.value);
                setTouched(true);
              }}
              aria-invalid={touched && problem ? true : undefined}
              aria-describedby={touched && problem ? problemId : undefined}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        {touched && problem && (
          <p id={problemId} className="tag-rename-problem" role="alert">
            {problem}
          </p>
        )}
        <p className="tag-rename-note">The batch panel opens with a preview; nothing is written until you apply it.</p>
        <div className="tag-rename-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="ts-primary">
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
