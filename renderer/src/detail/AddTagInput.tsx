import { useId, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { getWidgetKey } from '../actions/registry.ts';
import { useFocusRequest } from '../actions/useFocusRequest.ts';
import { addOptions, entryWith, isCompound, splitEntry, type AddOption, type Entry } from './entry.ts';
import { usePopupPlacement } from './usePopupPlacement.ts';
import { useCandidates } from './useSuggestions.ts';

interface Props {
  /** Tags the caption already has: not suggested again (an exact one is offered as "already there"). */
  present: ReadonlySet<string>;
  onAdd(entry: Entry): void;
  disabled?: boolean;
  /** One line about the last add ("Added 3 tags", "Already there: red"), announced politely. */
  notice?: string | null;
}

const OPTION_HEIGHT = 26;

const formatCount = (n: number): string => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
const optionLabel = (o: AddOption): string => (o.kind === 'new' ? `${o.name} (new tag)` : o.present ? `${o.name} (already there)` : o.name);

/**
 * The add-tag input: an ARIA 1.2 combobox (the input keeps focus; the highlighted option is announced
 * through aria-activedescendant). The first option is highlighted as soon as there is one and Enter
 * takes it; Shift+Enter takes exactly the typed text. Commas separate tags; a sentence goes to the
 * sentences (entry.ts). The box stays mounted across images, so PageDown keeps focus and typed text.
 */
export default function AddTagInput({ present, onAdd, disabled, notice }: Props) {
  const candidates = useCandidates();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusRequest('addTag', inputRef);
  const options = useMemo(() => (open ? addOptions(candidates, text, present) : []), [candidates, text, present, open]);
  const expanded = open && options.length > 0;
  const highlighted = expanded ? (options[Math.min(active, options.length - 1)] ?? null) : null;
  const placement = usePopupPlacement(inputRef, expanded, options.length * OPTION_HEIGHT + 8);

  const submit = (entry: Entry) => {
    if (entry.tags.length > 0 || entry.prose !== '') onAdd(entry);
    setText('');
    setOpen(false);
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (getWidgetKey('suggestMove').test(e)) {
      e.preventDefault();
      if (!open) setOpen(true);
      if (options.length > 0) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
      return;
    }
    if (getWidgetKey('suggestClose').test(e)) {
      // Open list: close it. Closed: let the registry take the keyboard back to the images.
      if (expanded) {
        e.preventDefault();
        setOpen(false);
      }
      return;
    }
    if (getWidgetKey('suggestExact').test(e)) {
      e.preventDefault();
      submit(splitEntry(text));
      return;
    }
    if (getWidgetKey('suggestAccept').test(e)) {
      e.preventDefault();
      submit(entryWith(text, highlighted));
      return;
    }
    if (e.key === 'Tab' && !e.shiftKey && highlighted) {
      e.preventDefault();
      submit(entryWith(text, highlighted));
    }
  };

  // Pasting a list ("a, b, c", one tag per line, or tags and sentences) adds it at once.
  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text/plain');
    if (text.trim() !== '' || !isCompound(pasted)) return;
    e.preventDefault();
    submit(splitEntry(pasted));
  };

  return (
    <div className="ts-addtag">
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label="Add tag"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={highlighted ? `${listId}-${options.indexOf(highlighted)}` : undefined}
        aria-keyshortcuts="T"
        data-keyscope="addTag"
        data-unsaved={text !== '' || undefined}
        title="Add tags: Enter takes the highlighted suggestion, Shift+Enter exactly what you typed; commas separate tags; a sentence goes to the sentences (T from anywhere)"
        placeholder="Add tag…  (T)"
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Tag suggestions"
        className={placement?.bottom !== undefined ? 'popup-list ts-addtag-list is-above' : 'popup-list ts-addtag-list'}
        hidden={!expanded || !placement}
        style={placement ? { left: placement.left, width: placement.width, top: placement.top, bottom: placement.bottom, maxHeight: placement.maxHeight } : undefined}
      >
        {options.map((o, i) => (
          <li
            key={`${o.kind}:${o.name}`}
            id={`${listId}-${i}`}
            role="option"
            aria-label={optionLabel(o)}
            aria-selected={o === highlighted}
            className={['ts-option', o.kind === 'tag' && o.source === 'vocabulary' ? 'ts-option-vocab' : '', o.kind === 'new' ? 'ts-option-new' : '', o.kind === 'tag' && o.present ? 'ts-option-present' : ''].filter(Boolean).join(' ')}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              submit(entryWith(text, o));
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="ts-option-name">{o.name}</span>
            <span className="ts-option-count">
              {o.kind === 'new' ? 'new tag' : o.present ? 'already there' : <span title={o.source === 'dataset' ? 'captions in this dataset' : 'posts in the vocabulary'}>{formatCount(o.count)}</span>}
            </span>
          </li>
        ))}
      </ul>
      <p className="ts-addtag-notice" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
    </div>
  );
}
