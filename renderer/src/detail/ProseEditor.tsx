import { normalizeProse } from '../../../shared/caption/index.ts';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import Field from '../shared-ui/Field.tsx';
import { useTextField } from './useTextField.ts';

interface Props {
  /** The sentences as the editor holds them (draft included). */
  prose: string;
  /** The sentences as the file holds them. */
  savedProse: string;
  disabled: boolean;
  onChange(prose: string): void;
}

// The caption model trims prose, so a trailing space mid-word is not a difference.
const sameProse = (text: string, prose: string) => normalizeProse(text) === prose;

/**
 * The sentence part of line 1 as one text block, never split at commas. Saved after a typing pause
 * (one journal step per burst); Ctrl+Z first undoes typing not saved yet, then steps the journal.
 */
export default function ProseEditor({ prose, savedProse, disabled, onChange }: Props) {
  const field = useTextField(prose, savedProse, onChange, sameProse);
  useFocusRequest('prose', field.ref);
  return (
    <Field label="Sentences" className="ts-field" labelClassName="ts-field-label">
      {(id) => (
        <textarea
          ref={field.ref}
          id={id}
          className="ts-prose"
          rows={3}
          value={field.text}
          disabled={disabled}
          data-keyscope="prose"
          data-unsaved={field.unsaved || undefined}
          placeholder="No sentences. Write what is visible, in a few short sentences."
          onKeyDown={field.onKeyDown}
          onSelect={(e) => field.onSelect(e.currentTarget)}
          onChange={(e) => field.onInput(e.currentTarget)}
        />
      )}
    </Field>
  );
}
