/*
 * Text undo for a caption field, down to what is saved and no further. The browser's own undo in a
 * textarea knows nothing of saves: after an autosave it would take the text back past the saved
 * state, and the next autosave would write a new journal entry undoing the last one. This history
 * holds only the edits made since the field's text was last saved; below that, Ctrl+Z belongs to
 * the journal (one undo for the whole editor).
 */

export interface TextState {
  value: string;
  start: number;
  end: number;
}

/** Keystrokes closer together than this, without a word break, are one undo step (as browsers do). */
export const GROUP_MS = 800;

type Kind = 'insert' | 'delete' | 'other';

export class TextHistory {
  private past: TextState[] = [];
  private future: TextState[] = [];
  private lastKind: Kind | null = null;
  private lastAt = -Infinity;

  /**
   * Starts over from the saved text. A field still holding more than that (typed while the save was
   * on its way) gets the saved text as its one step back, so undo can return there and no further.
   */
  reset(saved: TextState | null = null): void {
    this.past = saved ? [saved] : [];
    this.future = [];
    this.lastKind = null;
  }

  /** Records an edit from `before` to `after` made at `now` (ms). */
  record(before: TextState, after: TextState, now: number): void {
    if (before.value === after.value) return;
    const kind = editKind(before.value, after.value);
    const wordBreak = kind === 'insert' && /\s$/.test(after.value.slice(0, after.end));
    // A space closes the word it ends: it belongs to that step, the next letter starts a new one.
    const continues = kind !== 'other' && kind === this.lastKind && now - this.lastAt < GROUP_MS;
    if (!continues) this.past.push(before);
    this.future = [];
    this.lastKind = wordBreak ? null : kind;
    this.lastAt = now;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  undo(current: TextState): TextState | null {
    return this.step(this.past, this.future, current);
  }

  redo(current: TextState): TextState | null {
    return this.step(this.future, this.past, current);
  }

  /** Takes the last state of `from`, leaving `current` on `to`; the next keystroke starts a new step. */
  private step(from: TextState[], to: TextState[], current: TextState): TextState | null {
    const state = from.pop();
    if (!state) return null;
    to.push(current);
    this.lastKind = null;
    return state;
  }
}

/** Longer text is typing, shorter is deleting; the same length (a replaced selection) stands alone. */
function editKind(before: string, after: string): Kind {
  return after.length > before.length ? 'insert' : after.length < before.length ? 'delete' : 'other';
}
