import { describe, expect, it } from 'vitest';
import type { KeyboardLike } from '../actions/types.ts';
import { browseKeyOf } from './keys.ts';

const key = (k: string, mods: Partial<KeyboardLike> = {}): KeyboardLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('grid and list keys', () => {
  it('moves with arrows, Home/End and Ctrl (or Cmd) + PageUp/PageDown, Shift extending', () => {
    expect(browseKeyOf(key('ArrowRight'), 'grid')).toEqual({ kind: 'move', move: 'right', extend: false });
    expect(browseKeyOf(key('ArrowDown', { shiftKey: true }), 'grid')).toEqual({ kind: 'move', move: 'down', extend: true });
    expect(browseKeyOf(key('PageDown', { ctrlKey: true }), 'grid')).toEqual({ kind: 'move', move: 'pageDown', extend: false });
    expect(browseKeyOf(key('PageUp', { metaKey: true }), 'rows')).toEqual({ kind: 'move', move: 'pageUp', extend: false });
    expect(browseKeyOf(key('End', { shiftKey: true }), 'rows')).toEqual({ kind: 'move', move: 'end', extend: true });
    expect(browseKeyOf(key('Home'), 'grid')).toEqual({ kind: 'move', move: 'home', extend: false });
  });

  it('toggles with Space and clears with Escape', () => {
    expect(browseKeyOf(key(' '), 'grid')).toEqual({ kind: 'toggle' });
    expect(browseKeyOf(key('Escape'), 'rows')).toEqual({ kind: 'clear' });
  });

  it('leaves plain PageUp/PageDown, Enter and letters to the global handler', () => {
    for (const k of ['PageDown', 'PageUp', 'Enter', 't', 'r', '1']) expect(browseKeyOf(key(k), 'grid')).toBeNull();
    expect(browseKeyOf(key('PageDown', { shiftKey: true }), 'grid')).toBeNull();
  });

  it('ignores left and right in the list, and Alt or Ctrl with arrows everywhere', () => {
    expect(browseKeyOf(key('ArrowLeft'), 'rows')).toBeNull();
    expect(browseKeyOf(key('ArrowRight'), 'rows')).toBeNull();
    expect(browseKeyOf(key('ArrowUp'), 'rows')).toEqual({ kind: 'move', move: 'up', extend: false });
    expect(browseKeyOf(key('ArrowLeft', { altKey: true }), 'grid')).toBeNull();
    expect(browseKeyOf(key('ArrowDown', { ctrlKey: true }), 'grid')).toBeNull();
  });
});
