interface Props {
  id: string;
  /** The query or pattern as typed. */
  text: string;
  message: string;
  /** UTF-16 offset of the problem in `text`; may be text.length for something missing at the end. */
  position: number;
  className?: string;
}

/** A parser's message and the text with the offending spot marked (text only, never HTML). */
export function MarkedError({ id, text, message, position, className = 'filter-error' }: Props) {
  const at = Math.min(Math.max(0, position), text.length);
  // Past the end there is no character to mark: mark a space where the missing piece belongs.
  const marked = text.slice(at, at + 1) || ' ';
  return (
    <div id={id} className={className} role="alert">
      <span className="filter-error-message">{message}</span>
      <code className="filter-error-query" aria-label={`at position ${at + 1}`}>
        {text.slice(0, at)}
        <mark>{marked}</mark>
        {text.slice(at + 1)}
      </code>
    </div>
  );
}
