import { useEffect, useState } from 'react';
import { normalizeProse } from '../../../shared/caption/index.ts';
import Field from '../shared-ui/Field.tsx';

interface Props {
  prose: string;
  disabled: boolean;
  onChange(prose: string): void;
}

/**
 * The sentence part of line 1 as one text block, never split at commas. The caption model trims
 * prose, so the box keeps what the user typed (a trailing space mid-word) locally and only resyncs
 * when the caption changes from elsewhere (undo, a batch, another program).
 */
export default function ProseEditor({ prose, disabled, onChange }: Props) {
  const [text, setText] = useState(prose);
  useEffect(() => {
    setText((current) => (normalizeProse(current) === prose ? current : prose));
  }, [prose]);
  return (
    <Field label="Sentences" className="ts-field" labelClassName="ts-field-label">
      {(id) => (
        <textarea
          id={id}
          className="ts-prose"
          rows={4}
          value={text}
          disabled={disabled}
          placeholder="No sentences. Write what is visible, in a few short sentences."
          onChange={(e) => {
            setText(e.target.value);
            onChange(e.target.value);
          }}
        />
      )}
    </Field>
  );
}
