import { describe, expect, it } from 'vitest';
import { GROUP_MS, TextHistory, type TextState } from './textHistory.ts';

const at = (value: string): TextState => ({ value, start: value.length, end: value.length });

/** Types `text` one character at a time, `gap` ms apart, recording each keystroke. */
function type(h: TextHistory, from: string, text: string, t0: number, gap = 50): { value: string; t: number } {
  let value = from;
  let t = t0;
  for (const ch of text) {
    const next = value + ch;
    h.record(at(value), at(next), t);
    value = next;
    t += gap;
  }
  return { value, t };
}

describe('text history of a caption field', () => {
  it('groups a burst of typing into words, as browsers do', () => {
    const h = new TextHistory();
    const { value } = type(h, '', 'She smiles', 0);
    expect(h.undo(at(value))?.value).toBe('She ');
    expect(h.undo(at('She '))?.value).toBe('');
    expect(h.canUndo).toBe(false);
  });
  it('starts a new step after a pause', () => {
    const h = new TextHistory();
    const first = type(h, '', 'abc', 0);
    const second = type(h, first.value, 'def', first.t + GROUP_MS + 1);
    expect(h.undo(at(second.value))?.value).toBe('abc');
  });
  it('never goes back past the saved text, which a reset makes its floor', () => {
    const h = new TextHistory();
    type(h, '', 'abc', 0);
    // The save of "abc" landed while "d" was typed: undo may return to "abc", no further.
    h.reset(at('abc'));
    expect(h.undo(at('abcd'))?.value).toBe('abc');
    expect(h.undo(at('abc'))).toBeNull();
    h.reset();
    expect(h.canUndo).toBe(false);
  });
  it('redoes what was undone until a new edit', () => {
    const h = new TextHistory();
    const { value } = type(h, '', 'ab', 0);
    const back = h.undo(at(value))!;
    expect(h.redo(back)?.value).toBe('ab');
    h.undo(at('ab'));
    h.record(at(''), at('x'), 10_000);
    expect(h.canRedo).toBe(false);
  });
});
