import { useFocusRequest } from '../actions/useFocusRequest.ts';
import Field from '../shared-ui/Field.tsx';
import { useTextField } from './useTextField.ts';

interface Props {
  /** Line 1 as the editor holds it (draft included). */
  line: string;
  /** Line 1 as the file holds it. */
  savedLine: string;
  disabled: boolean;
  onChange(line: string): void;
}

const sameLine = (text: string, line: string) => text.replace(/\r\n|[\r\n]/g, ' ') === line;

/**
 * Line 1 exactly as it is written to the file, for edits the chips cannot express. It stays one
 * line: trainers read only line 1, so Enter is swallowed and pasted line breaks become spaces.
 */
export default function RawEditor({ line, savedLine, disabled, onChange }: Props) {
  const field = useTextField(line, savedLine, (text) => onChange(text.replace(/\r\n|[\r\n]/g, ' ')), sameLine);
  useFocusRequest('raw', field.ref);
  return (
    <Field label="Raw text" className="ts-field" labelClassName="ts-field-label">
      {(id) => (
        <textarea
          ref={field.ref}
          id={id}
          className="ts-raw"
          rows={5}
          value={field.text}
          disabled={disabled}
          spellCheck={false}
          data-keyscope="raw"
          data-unsaved={field.unsaved || undefined}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
            else field.onKeyDown(e);
          }}
          onSelect={(e) => field.onSelect(e.currentTarget)}
          onChange={(e) => field.onInput(e.currentTarget)}
        />
      )}
    </Field>
  );
}
