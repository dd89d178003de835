import { useEffect, useRef, useState } from 'react';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import { useStore } from '../store/index.ts';
import { MarkedError } from '../shared-ui/MarkedError.tsx';
import { QueryHelp } from './QueryHelp.tsx';
import './filter.css';

/** Long enough to skip the work for most keystrokes of a word, short enough to feel live. */
export const FILTER_DEBOUNCE_MS = 120;

const FILTER_INPUT_ID = 'filter-input';

export function FilterBar() {
  const query = useStore((s) => s.query);
  const queryError = useStore((s) => s.queryError);
  const setQuery = useStore((s) => s.setQuery);
  const idFilter = useStore((s) => s.idFilter);
  const setIdFilter = useStore((s) => s.setIdFilter);
  const [text, setText] = useState(query);
  // The last text sent to the store: tells our own updates apart from others' (sidebar clicks).
  const sent = useRef(query);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusRequest('filter', inputRef, (el) => {
    el.focus();
    if (el instanceof HTMLInputElement) el.select();
  });

  useEffect(() => {
    if (query !== sent.current) {
      sent.current = query;
      setText(query);
    }
  }, [query]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      setQuery(text);
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, setQuery]);

  const apply = (value: string) => {
    sent.current = value;
    setText(value);
    setQuery(value);
  };
  // Only show an error for the text on screen, not for a query the user already typed past.
  const error = queryError && query === text ? queryError : null;
  // Waiting for the pattern engine is no fault of the text: said, not marked.
  const invalid = error !== null && error.position !== null;

  return (
    <div className="filter">
      <div className="filter-row">
        <label htmlFor={FILTER_INPUT_ID} className="filter-label">
          Filter
        </label>
        {idFilter && (
          <span className="filter-chip" title={`Lint: ${idFilter.label} (${idFilter.ids.length} images)`}>
            <span className="filter-chip-text">Lint: {idFilter.label}</span>
            <button type="button" className="filter-chip-clear" aria-label="Clear lint filter" onClick={() => setIdFilter(null)}>
              ×
            </button>
          </span>
        )}
        <input
          ref={inputRef}
          id={FILTER_INPUT_ID}
          data-keyscope="filter"
          data-unsaved={text !== '' || undefined}
          className="text-input filter-input"
          type="search"
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder='tag:smile -tag:"red dress" has:prose   ( / )'
          aria-invalid={invalid || undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply(text);
            else if (e.key === 'Escape' && text) {
              // First Escape clears the query; the next one goes back to the images (registry: backToGrid).
              e.preventDefault();
              apply('');
            }
          }}
        />
        {text !== '' && (
          <button type="button" className="btn btn-quiet btn-icon filter-clear" aria-label="Clear query" title="Clear query" onClick={() => apply('')}>
            ×
          </button>
        )}
        <QueryHelp />
      </div>
      {error &&
        (error.position === null ? (
          <p id="filter-error" className="filter-error is-pending" role="status">
            {error.message}
          </p>
        ) : (
          <MarkedError id="filter-error" text={text} message={error.message} position={error.position} />
        ))}
    </div>
  );
}
