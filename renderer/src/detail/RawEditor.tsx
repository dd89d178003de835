import Field from '../shared-ui/Field.tsx';

interface Props {
  line: string;
  disabled: boolean;
  onChange(line: string): void;
}

/**
 * Line 1 exactly as it is written to the file, for edits the chips cannot express. It stays one
 * line: trainers read only line 1, so Enter is swallowed and pasted line breaks become spaces.
 */
export default function RawEditor({ line, disabled, onChange }: Props) {
  return (
    <Field label="Raw text" className="ts-field" labelClassName="ts-field-label">
      {(id) => (
        <textarea
          id={id}
          className="ts-raw"
          rows={6}
          value={line}
          disabled={disabled}
          spellCheck={false}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
          onChange={(e) => onChange(e.target.value.replace(/\r\n|[\r\n]/g, ' '))}
        />
      )}
    </Field>
  );
}
