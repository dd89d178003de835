import { useEffect, useRef, useState } from 'react';
import { FILTER_INPUT_ID } from '../actions/registry.ts';
import { useStore } from '../store/index.ts';
import { QueryError } from './QueryError.tsx';
import { QueryHelp } from './QueryHelp.tsx';
import './filter.css';

/** Long enough to skip the work for most keystrokes of a word, short enough to feel live. */
export const FILTER_DEBOUNCE_MS = 120;

export function FilterBar() {
  const query = useStore((s) => s.query);
  const queryError = useStore((s) => s.queryError);
  const setQuery = useStore((s) => s.setQuery);
  const idFilter = useStore((s) => s.idFilter);
  const setIdFilter = useStore((s) => s.setIdFilter);
  const [text, setText] = useState(query);
  // The last text sent to the store: tells our own updates apart from others' (sidebar clicks).
  const sent = useRef(query);

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
          id={FILTER_INPUT_ID}
          className="text-input filter-input"
          type="search"
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder='tag:smile -tag:"red dress" has:prose   ( / )'
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply(text);
            else if (e.key === 'Escape') {
              e.preventDefault();
              if (text) apply('');
              else e.currentTarget.blur();
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
      {error && <QueryError id="filter-error" query={text} message={error.message} position={error.position} />}
    </div>
  );
}
