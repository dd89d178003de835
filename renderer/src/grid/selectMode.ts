import type { MouseEvent } from 'react';
import type { SelectMode } from '../store/types.ts';

/** A click on a card or row: shift extends, Ctrl (Cmd on mac) toggles, a plain click selects only it. */
export const selectModeOf = (e: MouseEvent): SelectMode => (e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'replace');
