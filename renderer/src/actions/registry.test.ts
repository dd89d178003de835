import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result.ts';
import type { EditResult } from '../../../shared/contract/index.ts';
import { image, loadedStore } from '../test-support/store.ts';
import { runHistory } from './history.ts';
import { actionForKey, getAction } from './registry.ts';
import type { KeyboardLike } from './types.ts';

const press = (key: string, mods: Partial<KeyboardLike> = {}): KeyboardLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const history = (canUndo: boolean, canRedo: boolean) => ({ entries: [], head: canUndo ? 1 : 0, canUndo, canRedo });

describe('action registry', () => {
  it('maps shortcuts to actions, and only Ctrl+S while typing', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(true, true));
    const s = store.getState();
    const id = (e: KeyboardLike, typing = false) => actionForKey(e, s, typing)?.id ?? null;
    expect(id(press('z', { ctrlKey: true }))).toBe('undo');
    expect(id(press('z', { metaKey: true }))).toBe('undo');
    expect(id(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(id(press('y', { ctrlKey: true }))).toBe('redo');
    expect(id(press('a', { ctrlKey: true }))).toBe('selectAll');
    expect(id(press('s', { metaKey: true }))).toBe('save');
    expect(id(press('/'))).toBe('focusFilter');
    expect(id(press('z'))).toBeNull();
    expect(id(press('z', { ctrlKey: true }), true)).toBeNull();
    expect(id(press('a', { ctrlKey: true }), true)).toBeNull();
    expect(id(press('/'), true)).toBeNull();
    expect(id(press('s', { ctrlKey: true }), true)).toBe('save');
  });

  it('disables undo/redo when the history cannot move', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(false, true));
    expect(getAction('undo').enabled(store.getState())).toBe(false);
    expect(getAction('redo').enabled(store.getState())).toBe(true);
    expect(actionForKey(press('z', { ctrlKey: true }), store.getState(), false)).toBeNull();
  });

  it('undo flushes drafts first, then applies the returned images and history', async () => {
    const store = await loadedStore([image('a.png', 'x, y')]);
    const calls: string[] = [];
    const result: EditResult = {
      entry: { id: 'e1', seq: 1, time: '2025-01-01T00:00:00Z', label: 'batch: add smile', files: 1, applied: false },
      written: 1,
      conflicts: [],
      images: [image('a.png', 'x')],
      history: history(false, true),
    };
    const transport = store.getState().transport!;
    store.setState({
      flushDrafts: async () => {
        calls.push('flush');
      },
      transport: {
        ...transport,
        api: {
          ...transport.api,
          'history.undo': async () => {
            calls.push('undo');
            return ok(result);
          },
        },
      },
    });
    await runHistory(store, 'undo');
    const s = store.getState();
    expect(calls).toEqual(['flush', 'undo']);
    expect(s.images['a.png']?.caption).toBe('x');
    expect(Object.fromEntries(s.tagCounts)).toEqual({ x: 1 });
    expect(s.history.canRedo).toBe(true);
    expect(s.lastMessage).toBe('Undid “batch: add smile” (1 file)');
  });
});
