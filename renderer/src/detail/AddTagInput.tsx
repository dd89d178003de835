import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { normalizeTags } from '../../../shared/caption/index.ts';
import { suggest } from './suggest.ts';
import { useCandidates } from './useSuggestions.ts';

interface Props {
  /** Tags already present: not suggested again. */
  exclude: ReadonlySet<string>;
  onAdd(tags: string[]): void;
  disabled?: boolean;
}

/** Moves through -1 (nothing highlighted: the typed text) and the n options, wrapping around. */
const cycle = (i: number, step: number, n: number): number => ((i + 1 + step + n + 1) % (n + 1)) - 1;

const formatCount = (n: number): string => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

/**
 * The add-tag input: an ARIA 1.2 combobox (the input keeps focus; the highlighted option is announced
 * through aria-activedescendant). Enter adds the highlighted suggestion, or the typed text when none is
 * highlighted, so a new tag never gets replaced by a near match; Tab takes the highlighted (or first)
 * suggestion. Text with commas adds several tags.
 */
export default function AddTagInput({ exclude, onAdd, disabled }: Props) {
  const candidates = useCandidates();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const options = useMemo(() => (open ? suggest(candidates, text, exclude) : []), [candidates, text, exclude, open]);
  const expanded = open && options.length > 0;

  const accept = (tags: string[]) => {
    const clean = normalizeTags(tags);
    if (clean.length > 0) onAdd(clean);
    setText('');
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => cycle(i, step, options.length));
      return;
    }
    if (e.key === 'Escape') {
      if (expanded) e.preventDefault();
      setOpen(false);
      setActive(-1);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = expanded && active >= 0 ? options[active] : undefined;
      accept(chosen ? [chosen.name] : [text]);
      return;
    }
    if (e.key === 'Tab' && expanded && !e.shiftKey) {
      const chosen = options[Math.max(active, 0)];
      if (chosen) {
        e.preventDefault();
        accept([chosen.name]);
      }
    }
  };

  return (
    <div className="ts-addtag">
      <input
        type="text"
        role="combobox"
        aria-label="Add tag"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Add tag…"
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label="Tag suggestions" className="ts-addtag-list" hidden={!expanded}>
        {options.map((c, i) => (
          <li
            key={c.name}
            id={`${listId}-${i}`}
            role="option"
            aria-label={c.name}
            aria-selected={i === active}
            className={c.source === 'vocabulary' ? 'ts-option ts-option-vocab' : 'ts-option'}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              accept([c.name]);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="ts-option-name">{c.name}</span>
            <span className="ts-option-count" title={c.source === 'dataset' ? 'captions in this dataset' : 'posts in the vocabulary'}>
              {formatCount(c.count)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
