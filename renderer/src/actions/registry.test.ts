import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../shared/result.ts';
import type { EditResult, HistoryInfo } from '../../../shared/contract/index.ts';
import { image, loadedStore } from '../test-support/store.ts';
import { runHistory } from './history.ts';
import { actionForKey, actions, bindingForKey, getAction, widgetKeys } from './registry.ts';
import type { KeyboardLike, KeyContext, KeyScope } from './types.ts';
import { helpSections } from '../help/keymap.ts';

const press = (key: string, mods: Partial<KeyboardLike> = {}): KeyboardLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const history = (canUndo: boolean, canRedo: boolean) => ({ entries: [], head: canUndo ? 1 : 0, canUndo, canRedo });

describe('action registry', () => {
  const where = (scope: KeyScope | null, more: Partial<KeyContext> = {}): KeyContext => ({
    scope,
    typing: scope === 'addTag' || scope === 'prose' || scope === 'raw' || scope === 'filter',
    unsavedText: false,
    inDialog: false,
    ...more,
  });

  it('maps shortcuts to actions where they apply (when-clauses)', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(true, true));
    store.getState().select('a.png', 'replace');
    const s = store.getState();
    const id = (e: KeyboardLike, ctx: KeyContext = where(null)) => actionForKey(e, s, ctx)?.id ?? null;
    expect(id(press('z', { ctrlKey: true }))).toBe('undo');
    expect(id(press('z', { metaKey: true }))).toBe('undo');
    expect(id(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(id(press('y', { ctrlKey: true }))).toBe('redo');
    expect(id(press('a', { ctrlKey: true }))).toBe('selectAll');
    expect(id(press('s', { metaKey: true }))).toBe('save');
    expect(id(press('/'))).toBe('focusFilter');
    expect(id(press('z'))).toBeNull();
    // In a text field: letters type, Ctrl+A selects the text; Ctrl+S still saves.
    expect(id(press('a', { ctrlKey: true }), where('prose'))).toBeNull();
    expect(id(press('/'), where('filter'))).toBeNull();
    expect(id(press('t'), where('addTag'))).toBeNull();
    expect(id(press('3'), where('prose'))).toBeNull();
    expect(id(press('s', { ctrlKey: true }), where('prose'))).toBe('save');
  });

  it('PageDown and PageUp move between images from anywhere but a dialog', async () => {
    const store = await loadedStore([image('a.png', 'x'), image('b.png', 'y')]);
    const s = store.getState();
    for (const scope of [null, 'grid', 'chips', 'addTag', 'prose', 'raw', 'filter'] as const) {
      expect(actionForKey(press('PageDown'), s, where(scope))?.id).toBe('nextImage');
      expect(actionForKey(press('PageUp'), s, where(scope))?.id).toBe('prevImage');
    }
    expect(actionForKey(press('PageDown'), s, where(null, { inDialog: true }))).toBeNull();
    // The grid's page jump is Ctrl+PageDown, a widget key.
    expect(actionForKey(press('PageDown', { ctrlKey: true }), s, where('grid'))).toBeNull();
  });

  it('T, and Enter on a grid item, reach Add tag; Escape in a field goes back to the images', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().select('a.png', 'replace');
    const s = store.getState();
    expect(actionForKey(press('t'), s, where('grid'))?.id).toBe('focusAddTag');
    expect(actionForKey(press('T'), s, where(null))?.id).toBe('focusAddTag');
    expect(actionForKey(press('Enter'), s, where('grid'))?.id).toBe('focusAddTag');
    expect(actionForKey(press('Enter'), s, where('chips'))).toBeNull();
    for (const scope of ['addTag', 'prose', 'raw', 'chips', 'filter'] as const) expect(actionForKey(press('Escape'), s, where(scope))?.id).toBe('backToGrid');
    expect(actionForKey(press('Escape'), s, where('grid'))).toBeNull();
  });

  it('digits toggle quick tags, R marks reviewed and ? opens the help, outside text fields only', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().select('a.png', 'replace');
    const s = store.getState();
    expect(actionForKey(press('1'), s, where('chips'))?.id).toBe('quickTag');
    expect(actionForKey(press('9'), s, where('grid'))?.id).toBe('quickTag');
    expect(actionForKey(press('0'), s, where('grid'))).toBeNull();
    expect(actionForKey(press('1', { altKey: true }), s, where('grid'))).toBeNull();
    expect(actionForKey(press('r'), s, where('grid'))?.id).toBe('toggleReviewed');
    expect(actionForKey(press('?', { shiftKey: true }), s, where(null))?.id).toBe('showHelp');
    expect(actionForKey(press('r'), s, where('addTag'))).toBeNull();
    expect(actionForKey(press('?', { shiftKey: true }), s, where('prose'))).toBeNull();
  });

  it('Ctrl+Z in a field holding unsaved text is left to the field (text undo); otherwise it steps the journal', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(true, true));
    const s = store.getState();
    const undo = press('z', { ctrlKey: true });
    expect(actionForKey(undo, s, where('prose'))?.id).toBe('undo');
    expect(actionForKey(undo, s, where('addTag'))?.id).toBe('undo');
    expect(actionForKey(undo, s, where('prose', { unsavedText: true }))).toBeNull();
    expect(actionForKey(undo, s, where('addTag', { unsavedText: true }))).toBeNull();
    expect(actionForKey(undo, s, where(null, { inDialog: true }))).toBeNull();
    // A bound key is consumed even when its action cannot run (nothing to undo): no browser undo.
    store.getState().setHistory(history(false, false));
    expect(bindingForKey(undo, where('prose'))?.action.id).toBe('undo');
    expect(actionForKey(undo, store.getState(), where('prose'))).toBeNull();
  });

  it('no two bindings claim the same key in the same place, and the help lists every key', () => {
    const contexts = [null, 'grid', 'chips', 'addTag', 'prose', 'raw', 'filter'].map((scope) => where(scope as KeyScope | null));
    const keys = ['z', 'y', 'a', 's', '/', '?', 't', 'r', '1', '5', '9', 'Enter', 'Escape', 'PageDown', 'PageUp', 'F1'];
    for (const ctx of contexts) {
      for (const key of keys) {
        for (const mods of [{}, { ctrlKey: true }, { shiftKey: true }, { ctrlKey: true, shiftKey: true }]) {
          const e = press(key, mods);
          const claims = actions.flatMap((a) => a.bindings.filter((b) => b.test(e) && b.when(ctx)).map(() => a.id));
          expect(claims.length, `${JSON.stringify(mods)}+${key} in ${ctx.scope}`).toBeLessThanOrEqual(1);
        }
      }
    }
    const listed = helpSections().flatMap((s) => s.rows.map((r) => r.keys));
    for (const a of actions) for (const b of a.bindings) expect(listed).toContain(b.keys);
    for (const k of widgetKeys) expect(listed).toContain(k.keys);
  });

  it('disables undo/redo when the history cannot move', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(false, true));
    expect(getAction('undo').enabled(store.getState())).toBe(false);
    expect(getAction('redo').enabled(store.getState())).toBe(true);
    expect(actionForKey(press('z', { ctrlKey: true }), store.getState(), { scope: null, typing: false, unsavedText: false, inDialog: false })).toBeNull();
    // An edit still being saved can be undone: undo saves it first.
    store.setState({ drafts: { 'a.png': { base: 'x', text: 'x, y', status: 'saving' } } });
    expect(getAction('undo').enabled(store.getState())).toBe(true);
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
    // An entry that touched one image brings that image into the panel.
    expect(s.focused).toBe('a.png');
    expect([...s.selected]).toEqual(['a.png']);
  });

  it('serves quick presses in order, one request at a time, and accepts the opposite step while one runs', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    store.getState().setHistory(history(false, true));
    const calls: string[] = [];
    let inFlight = 0;
    const answer = (direction: string) => async () => {
      calls.push(direction);
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return ok({ entry: null, written: 0, conflicts: [], images: [], history: history(true, false) } as EditResult);
    };
    const transport = store.getState().transport!;
    store.setState({ transport: { ...transport, api: { ...transport.api, 'history.redo': answer('redo'), 'history.undo': answer('undo') } } });
    const redo = runHistory(store, 'redo');
    // The store still says nothing can be undone, but a redo is on its way: Ctrl+Z is not refused.
    expect(getAction('undo').enabled(store.getState())).toBe(true);
    const undo = runHistory(store, 'undo');
    // A third press while two are queued is a held key's repeat: dropped.
    void runHistory(store, 'undo');
    await Promise.all([redo, undo]);
    expect(calls).toEqual(['redo', 'undo']);
  });

  it('names the history the store shows when each request is sent: a queued press, the head the previous answer left', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    const at = (head: number): HistoryInfo => ({
      entries: [1, 2, 3].map((seq) => ({ id: `e${seq}`, seq, time: `t${seq}`, label: `step ${seq}`, files: 1, applied: seq <= head })),
      head,
      canUndo: head > 0,
      canRedo: head < 3,
    });
    store.getState().setHistory(at(3));
    const sent: unknown[] = [];
    const transport = store.getState().transport!;
    store.setState({
      transport: {
        ...transport,
        api: {
          ...transport.api,
          'history.undo': async (request) => {
            sent.push(request);
            await new Promise((resolve) => setTimeout(resolve, 10));
            const head = store.getState().history.head - 1;
            return ok({ entry: { ...at(head).entries[head]! }, written: 1, conflicts: [], images: [], history: at(head) } as EditResult);
          },
        },
      },
    });
    // Two presses before the first answer: the second must not carry the head both were pressed at.
    await Promise.all([runHistory(store, 'undo'), runHistory(store, 'undo')]);
    expect(sent).toEqual([
      { expectedHead: 3, expectedTime: 't3' },
      { expectedHead: 2, expectedTime: 't2' },
    ]);
    expect(store.getState().history.head).toBe(1);
  });

  it('a step refused because the history moved elsewhere shows the fresh history, says so, and drops the presses queued behind it', async () => {
    const store = await loadedStore([image('a.png', 'x')]);
    const entry = (seq: number, label: string) => ({ id: `e${seq}`, seq, time: `t${seq}`, label, files: 1, applied: true });
    store.getState().setHistory({ entries: [entry(1, 'edit a.txt')], head: 1, canUndo: true, canRedo: false });
    const fresh: HistoryInfo = { entries: [entry(1, 'edit a.txt'), entry(2, 'add cli')], head: 2, canUndo: true, canRedo: false };
    const calls: string[] = [];
    const transport = store.getState().transport!;
    store.setState({
      transport: {
        ...transport,
        api: {
          ...transport.api,
          'history.undo': async (request) => {
            calls.push(`undo ${request.expectedHead}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
            return err({ kind: 'stale-history', message: 'the history changed in another program since it was shown' });
          },
          'history.get': async () => {
            calls.push('get');
            return ok(fresh);
          },
        },
      },
    });
    await Promise.all([runHistory(store, 'undo'), runHistory(store, 'undo')]);
    // The second press was aimed at the history shown before the refusal: not sent against the new one.
    expect(calls).toEqual(['undo 1', 'get']);
    expect(store.getState().history).toEqual(fresh);
    expect(store.getState().lastMessage).toMatch(/^History changed in another program: refreshed; press (Ctrl\+|⌘)Z again to undo “add cli”$/);
  });
});
