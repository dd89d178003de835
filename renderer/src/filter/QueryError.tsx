interface Props {
  id: string;
  query: string;
  message: string;
  position: number;
}

/** The parser's message and the query with the offending spot marked (text only, never HTML). */
export function QueryError({ id, query, message, position }: Props) {
  const at = Math.min(Math.max(0, position), query.length);
  // Past the end there is no character to mark: mark a space where the missing piece belongs.
  const marked = query.slice(at, at + 1) || ' ';
  return (
    <div id={id} className="filter-error" role="alert">
      <span className="filter-error-message">{message}</span>
      <code className="filter-error-query" aria-label={`at position ${at + 1}`}>
        {query.slice(0, at)}
        <mark>{marked}</mark>
        {query.slice(at + 1)}
      </code>
    </div>
  );
}
