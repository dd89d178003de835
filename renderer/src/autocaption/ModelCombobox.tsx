import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getWidgetKey } from '../actions/registry.ts';
import { usePopupPlacement } from '../detail/usePopupPlacement.ts';
import type { ControlProps } from './FormField.tsx';
import { comboOptions } from './serverModels.ts';

interface Props {
  /** Label, error and hint wiring from FormField. */
  control: ControlProps;
  value: string;
  onChange(value: string): void;
  /** The server's models from the last connection test. */
  options: readonly string[];
  /** Names the popup list ("Model name" → "Model name choices"). */
  label: string;
}

const OPTION_HEIGHT = 26;

/**
 * A free-text field with the server's models as an ARIA 1.2 combobox list: any name can be typed
 * (llama.cpp takes any), and the list shows what the server really has. The input keeps focus; the
 * highlighted option is announced through aria-activedescendant. Keys come from the action registry,
 * as in the add-tag box; Escape closes an open list without closing the dialog.
 */
export default function ModelCombobox({ control, value, onChange, options, label }: Props) {
  const [open, setOpen] = useState(false);
  const [typing, setTyping] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => comboOptions(options, value, typing), [options, value, typing]);
  const expanded = open && shown.length > 0;
  const highlighted = expanded && active >= 0 && active < shown.length ? active : -1;
  const placement = usePopupPlacement(inputRef, expanded, shown.length * OPTION_HEIGHT + 8);

  const show = () => {
    setOpen(true);
    setTyping(false);
    setActive(Math.max(0, options.indexOf(value.trim())));
  };
  const pick = (model: string) => {
    onChange(model);
    setOpen(false);
    setTyping(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (getWidgetKey('suggestMove').test(e)) {
      e.preventDefault();
      if (!expanded) return show();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % shown.length);
      return;
    }
    if (getWidgetKey('suggestAccept').test(e) && highlighted >= 0) {
      e.preventDefault();
      pick(shown[highlighted]!);
      return;
    }
    if (getWidgetKey('suggestClose').test(e) && expanded) {
      // The list closes; the dialog stays (its Escape is a 'cancel' this keydown would otherwise cause).
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    // The caret only hints that there is a list (decoration, not a control: the field itself opens it).
    <div className={options.length > 0 ? 'ac-combo has-options' : 'ac-combo'}>
      <input
        {...control}
        ref={inputRef}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={highlighted >= 0 ? `${listId}-${highlighted}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setTyping(true);
          setActive(-1);
        }}
        onClick={() => (expanded ? setOpen(false) : show())}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} choices`}
        className="popup-list ac-combo-list"
        hidden={!expanded || !placement}
        style={placement ? { left: placement.left, width: placement.width, top: placement.top, bottom: placement.bottom, maxHeight: placement.maxHeight } : undefined}
      >
        {shown.map((m, i) => (
          <li
            key={m}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === highlighted}
            className={m === value.trim() ? 'ac-combo-option is-current' : 'ac-combo-option'}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(m);
            }}
            onMouseEnter={() => setActive(i)}
          >
            {m}
          </li>
        ))}
      </ul>
    </div>
  );
}
