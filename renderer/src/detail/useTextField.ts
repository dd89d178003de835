import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { getAction } from '../actions/registry.ts';
import { TextHistory, type TextState } from './textHistory.ts';

const isKey = (id: 'undo' | 'redo', e: KeyboardEvent) => getAction(id).bindings.some((b) => b.test(e));

/** How a field compares its text with the saved value (the sentences ignore outer spaces, as the caption model does). */
export type SameText = (text: string, saved: string) => boolean;

const end = (value: string): TextState => ({ value, start: value.length, end: value.length });

/**
 * A caption text field (sentences, raw line 1) with its own text undo down to the saved text
 * (textHistory.ts). `value` is the field's part of the caption as the editor holds it (unsaved draft
 * included): when it changes from elsewhere (an undo, a batch, another program) the field shows it.
 * `saved` is the same part as the file holds it: when it moves (a save landed) the history starts
 * again from there. While the field holds more than `saved`, Ctrl+Z steps its own history; once it
 * matches, the field stops saying `data-unsaved` and Ctrl+Z falls through to the journal
 * (registry.ts). `same` must be a stable function.
 */
export function useTextField(value: string, saved: string, onChange: (value: string) => void, same: SameText) {
  const [text, setText] = useState(value);
  const ref = useRef<HTMLTextAreaElement>(null);
  const history = useRef(new TextHistory());
  const last = useRef<TextState>(end(value));
  const seen = useRef({ value, saved });
  const pendingSelection = useRef<TextState | null>(null);

  // Adjusting to new props during render (React's pattern for derived state), not in an effect, so
  // a frame never shows the old text.
  let current = text;
  if (seen.current.value !== value || seen.current.saved !== saved) {
    const valueMoved = seen.current.value !== value;
    seen.current = { value, saved };
    if (valueMoved && !same(current, value)) {
      current = value;
      last.current = end(value);
      setText(value);
    }
    history.current.reset(same(current, saved) ? null : end(saved));
  }

  useLayoutEffect(() => {
    const sel = pendingSelection.current;
    pendingSelection.current = null;
    if (sel && ref.current) ref.current.setSelectionRange(sel.start, sel.end);
  });

  const show = (next: TextState) => {
    pendingSelection.current = next;
    last.current = next;
    setText(next.value);
    onChange(next.value);
  };

  const stateOf = (el: HTMLTextAreaElement): TextState => ({ value: el.value, start: el.selectionStart, end: el.selectionEnd });

  return {
    ref,
    text: current,
    unsaved: !same(current, saved),
    onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
      const undo = isKey('undo', e);
      const redo = isKey('redo', e);
      if (!undo && !redo) return;
      const step = undo ? history.current.undo(stateOf(e.currentTarget)) : history.current.redo(stateOf(e.currentTarget));
      if (step) {
        e.preventDefault();
        show(step);
      } else if (!same(current, saved)) {
        // Never the browser's own undo: it would reach back past the save.
        e.preventDefault();
      }
    },
    /** Keeps the caret position current, for the next history step. */
    onSelect(el: HTMLTextAreaElement) {
      last.current = stateOf(el);
    },
    onInput(el: HTMLTextAreaElement) {
      const after = stateOf(el);
      history.current.record(last.current, after, performance.now());
      last.current = after;
      setText(after.value);
      onChange(after.value);
    },
  };
}
