import { useId, type ReactElement } from 'react';

/** What the control must spread onto itself so the label, the error and the hint reach screen readers. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

interface Props {
  label: string;
  /** Shown under the control in the error style; takes the hint's place. */
  error?: string | undefined;
  hint?: string | undefined;
  className?: string;
  children(props: ControlProps): ReactElement;
}

/**
 * A label tied to its control by id (like shared-ui/Field) plus one line under it: the validation
 * error when there is one, else a hint, linked with aria-describedby so it is read with the field.
 */
export default function FormField({ label, error, hint, className, children }: Props) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint;
  return (
    <div className={['ac-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true } : {}), ...(note ? { 'aria-describedby': noteId } : {}) })}
      {note && (
        <span id={noteId} className={error ? 'ac-error' : 'ac-hint'}>
          {note}
        </span>
      )}
    </div>
  );
}
