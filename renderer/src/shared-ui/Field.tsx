import { useId, type ReactElement } from 'react';

interface Props {
  label: string;
  className?: string;
  labelClassName?: string;
  /** Renders the control with the id the label points at. */
  children(id: string): ReactElement;
}

/**
 * A label tied to its control by id rather than by wrapping: a text control inside its <label> can
 * have its own value folded into its accessible name, so "Raw text" would read as the whole caption.
 */
export default function Field({ label, className, labelClassName, children }: Props) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
