import type { PromptPreview as Preview } from './promptPreview.ts';
import FormField from './FormField.tsx';

/** The rendered prompt for one image, read-only: the exact words a job sends, before it starts. */
export default function PromptPreview({ preview }: { preview: Preview | null }) {
  if (preview === null) return null;
  return (
    <FormField label={`Prompt for ${preview.image}`} hint={`${preview.note} Max tokens: ${preview.maxTokens}.`} className="ac-preview">
      {(p) => <textarea {...p} readOnly rows={10} value={preview.text} spellCheck={false} />}
    </FormField>
  );
}
