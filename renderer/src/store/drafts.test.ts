import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Api, EditResult, HistoryInfo, ImageItem, Transport } from '../../../shared/contract/index.ts';
import { err, ok } from '../../../shared/result.ts';
import { AUTOSAVE_DELAY_MS, classifySave, createDraftSlice, nextDraft, saveStateOf, settleSave } from './drafts.ts';
import type { Draft, Store } from './types.ts';

const history: HistoryInfo = { entries: [], head: 0, canUndo: false, canRedo: false };

describe('nextDraft', () => {
  it('starts a dirty draft based on the disk text', () => {
    expect(nextDraft(undefined, 'a, b', 'a, b, c')).toEqual({ base: 'a, b', text: 'a, b, c', status: 'dirty' });
  });
  it('keeps no draft when the text equals the disk', () => {
    expect(nextDraft(undefined, 'a', 'a')).toBeNull();
    expect(nextDraft(undefined, null, '')).toBeNull();
    expect(nextDraft({ base: 'a', text: 'a, b', status: 'dirty' }, 'a', 'a')).toBeNull();
  });
  it('keeps the draft when typing back to a base the disk no longer holds', () => {
    expect(nextDraft({ base: 'a', text: 'a, b', status: 'dirty' }, 'x', 'a')).toEqual({ base: 'a', text: 'a', status: 'dirty' });
  });
  it('keeps a conflict or an in-flight save in its state', () => {
    const conflict: Draft = { base: 'a', text: 'b', status: 'conflict', theirs: 'c' };
    expect(nextDraft(conflict, 'c', 'bb')).toEqual({ ...conflict, text: 'bb' });
    expect(nextDraft({ base: 'a', text: 'b', status: 'saving' }, 'a', 'bc')?.status).toBe('saving');
  });
});

describe('settleSave', () => {
  it('drops the draft when nothing was typed during the save', () => {
    expect(settleSave({ base: 'a', text: 'b', status: 'saving' }, 'b')).toBeNull();
  });
  it('rebases what was typed meanwhile on the text just written', () => {
    expect(settleSave({ base: 'a', text: 'bc', status: 'saving' }, 'b')).toEqual({ base: 'b', text: 'bc', status: 'dirty' });
  });
});

describe('classifySave and saveStateOf', () => {
  const result: EditResult = { entry: null, written: 0, conflicts: [{ path: 'a.txt', reason: 'changed' }], images: [], history };
  it('treats both shapes of a stale write as a conflict', () => {
    expect(classifySave(err({ kind: 'conflict', message: 'x' })).kind).toBe('conflict');
    expect(classifySave(ok(result)).kind).toBe('conflict');
    expect(classifySave(err({ kind: 'io', message: 'disk full' }))).toEqual({ kind: 'error', message: 'disk full' });
    expect(classifySave(ok({ ...result, written: 1, conflicts: [] })).kind).toBe('saved');
  });
  it('summarizes drafts for the status bar, errors first', () => {
    expect(saveStateOf({})).toBe('saved');
    expect(saveStateOf({ a: { base: null, text: 'x', status: 'dirty' } })).toBe('unsaved');
    expect(saveStateOf({ a: { base: null, text: 'x', status: 'dirty' }, b: { base: null, text: 'y', status: 'saving' } })).toBe('saving');
    expect(saveStateOf({ a: { base: null, text: 'x', status: 'saving' }, b: { base: null, text: 'y', status: 'error' } })).toBe('error');
  });
});

/** An in-memory backend holding caption files, with the same before-check as the real one. */
function fakeBackend(files: Record<string, string | null>) {
  const saves: { id: string; before: string | null; after: string; label?: string }[] = [];
  const item = (id: string): ImageItem => ({ id, captionPath: id.replace(/\.png$/, '.txt'), caption: files[id] ?? null });
  const api = {
    'caption.save': async ({ id, before, after, label }: { id: string; before: string | null; after: string; label?: string }) => {
      saves.push({ id, before, after, ...(label === undefined ? {} : { label }) });
      if ((files[id] ?? null) !== before) return err({ kind: 'conflict', message: `${id} changed on disk` });
      files[id] = after;
      return ok({ entry: null, written: 1, conflicts: [], images: [item(id)], history: { ...history, head: saves.length } });
    },
    'caption.reload': async ({ id }: { id: string }) => ok(item(id)),
  } as unknown as Api;
  const transport: Transport = { api, subscribe: () => () => {}, mediaUrl: (id) => `/media/${id}`, thumbnailUrl: (id) => `/thumbs/${id}` };
  return { files, saves, transport, item };
}

/** The drafts slice over a minimal dataset part: just what the slice reads and calls. */
function makeStore(backend: ReturnType<typeof fakeBackend>) {
  return createStore<Store>()((set, get, api) => {
    const dataset = {
      transport: backend.transport,
      images: Object.fromEntries(Object.keys(backend.files).map((id) => [id, backend.item(id)])),
      history,
      applyImages: (images: ImageItem[]) => set((s) => ({ images: { ...s.images, ...Object.fromEntries(images.map((i) => [i.id, i])) } })),
      setHistory: (h: HistoryInfo) => set({ history: h }),
    } as unknown as Store;
    return { ...dataset, ...createDraftSlice(set, get, api) };
  });
}

describe('drafts slice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('autosaves once after a quiet pause, then drops the draft and merges the result', async () => {
    const backend = fakeBackend({ 'a.png': 'x, y' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'x, y, z');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS / 2);
    store.getState().editCaption('a.png', 'x, y, zz');
    expect(store.getState().saveState).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(backend.saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.saves).toEqual([{ id: 'a.png', before: 'x, y', after: 'x, y, zz' }]);
    expect(store.getState().drafts).toEqual({});
    expect(store.getState().images['a.png']?.caption).toBe('x, y, zz');
    expect(store.getState().history.head).toBe(1);
    expect(store.getState().saveState).toBe('saved');
  });

  it('turns a file changed by another program into a conflict, without retrying', async () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'x, mine');
    backend.files['a.png'] = 'x, theirs';
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 5);
    expect(backend.saves).toHaveLength(1);
    expect(store.getState().drafts['a.png']).toMatchObject({ status: 'conflict', theirs: 'x, theirs', text: 'x, mine' });
    expect(store.getState().images['a.png']?.caption).toBe('x, theirs');
    expect(store.getState().lastMessage).toMatch(/another program/);
    await store.getState().flushDrafts();
    expect(backend.saves).toHaveLength(1);
  });

  it('holds an edit that empties a caption until the user deletes the file or takes it back', async () => {
    const backend = fakeBackend({ 'a.png': 'x', 'b.png': 'y' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', '', { now: true, label: 'remove x' });
    store.getState().editCaption('b.png', '  ');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    await store.getState().flushDrafts();
    expect(backend.saves).toEqual([]);
    expect(store.getState().drafts['a.png']).toMatchObject({ status: 'empty', base: 'x', text: '' });
    expect(store.getState().drafts['b.png']?.status).toBe('empty');
    expect(store.getState().saveState).toBe('unsaved');
    expect(store.getState().lastMessage).toMatch(/caption would be empty/);

    await store.getState().resolveEmpty('a.png', 'delete');
    expect(backend.saves).toEqual([{ id: 'a.png', before: 'x', after: null, label: 'delete caption file' }]);
    expect(backend.files['a.png']).toBeNull();
    expect(store.getState().images['a.png']?.caption).toBeNull();
    expect(store.getState().drafts['a.png']).toBeUndefined();

    await store.getState().resolveEmpty('b.png', 'restore');
    expect(store.getState().drafts).toEqual({});
    expect(backend.files['b.png']).toBe('y');
    expect(backend.saves).toHaveLength(1);
  });

  it('keeps editing out of the empty state: new text is saved as usual', async () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', '', { now: true, label: 'remove x' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().drafts['a.png']?.status).toBe('empty');
    store.getState().editCaption('a.png', 'y', { now: true, label: 'add y' });
    await store.getState().flushDrafts();
    expect(backend.saves).toEqual([{ id: 'a.png', before: 'x', after: 'y', label: 'add y' }]);
    expect(store.getState().drafts).toEqual({});
  });

  it('never asks about a caption that was blank or missing to begin with', async () => {
    const backend = fakeBackend({ 'a.png': ' ', 'b.png': null });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', '', { now: true, label: 'clear' });
    store.getState().editCaption('b.png', '', { now: true, label: 'clear' });
    await store.getState().flushDrafts();
    expect(backend.saves).toEqual([{ id: 'a.png', before: ' ', after: '', label: 'clear' }]);
  });

  it('"keep mine" writes over their text; "theirs" drops the draft', async () => {
    const backend = fakeBackend({ 'a.png': 'x', 'b.png': 'y' });
    const store = makeStore(backend);
    for (const id of ['a.png', 'b.png']) {
      store.getState().editCaption(id, 'mine');
      backend.files[id] = 'theirs';
    }
    await store.getState().flushDrafts();
    await store.getState().resolveConflict('a.png', 'mine');
    expect(backend.files['a.png']).toBe('mine');
    expect(backend.saves.at(-1)).toEqual({ id: 'a.png', before: 'theirs', after: 'mine' });
    await store.getState().resolveConflict('b.png', 'theirs');
    expect(backend.files['b.png']).toBe('theirs');
    expect(store.getState().drafts).toEqual({});
  });

  it('keeps typing made during a save and saves it next, based on what was written', async () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    // The save of "x, 1" is on the wire (held here) while "2" is typed.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const send = backend.transport.api['caption.save'];
    backend.transport.api['caption.save'] = async (request) => {
      await gate;
      return send(request);
    };
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'x, 1');
    const flushing = store.getState().flushDrafts();
    await vi.waitFor(() => expect(store.getState().drafts['a.png']?.status).toBe('saving'));
    store.getState().editCaption('a.png', 'x, 12');
    release();
    await flushing;
    expect(store.getState().drafts['a.png']).toEqual({ base: 'x, 1', text: 'x, 12', status: 'dirty' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(backend.files['a.png']).toBe('x, 12');
    expect(store.getState().drafts).toEqual({});
  });

  it('drops a conflict silently when the other program wrote the same text', async () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'same');
    backend.files['a.png'] = 'same';
    await store.getState().flushDrafts();
    expect(store.getState().drafts).toEqual({});
  });

  it('never edits a caption the backend marked unreadable', () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    const store = makeStore(backend);
    store.setState((s) => ({ images: { ...s.images, 'a.png': { ...s.images['a.png']!, captionError: 'not UTF-8' } } }));
    store.getState().editCaption('a.png', 'y');
    expect(store.getState().drafts).toEqual({});
  });

  it('saves a chip edit at once as its own step, after any typing still waiting for its pause', async () => {
    const backend = fakeBackend({ 'a.png': 'x. One.' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'x. One. Two.');
    store.getState().editCaption('a.png', 'x, y. One. Two.', { now: true, label: 'add y' });
    await vi.advanceTimersByTimeAsync(0);
    await store.getState().flushDrafts();
    expect(backend.saves).toEqual([
      { id: 'a.png', before: 'x. One.', after: 'x. One. Two.' },
      { id: 'a.png', before: 'x. One. Two.', after: 'x, y. One. Two.', label: 'add y' },
    ]);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(backend.saves).toHaveLength(2);
    expect(store.getState().drafts).toEqual({});
  });

  it('two chip edits in a row are two saves, never merged by the typing pause', async () => {
    const backend = fakeBackend({ 'a.png': 'x' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'x, y', { now: true, label: 'add y' });
    store.getState().editCaption('a.png', 'x, y, z', { now: true, label: 'add z' });
    await store.getState().flushDrafts();
    expect(backend.saves.map((v) => [v.after, v.label])).toEqual([
      ['x, y', 'add y'],
      ['x, y, z', 'add z'],
    ]);
  });

  it('flushes drafts in the order they were last edited, one at a time', async () => {
    const backend = fakeBackend({ 'a.png': 'a', 'b.png': 'b', 'c.png': 'c' });
    const store = makeStore(backend);
    store.getState().editCaption('b.png', 'b1');
    store.getState().editCaption('a.png', 'a1');
    store.getState().editCaption('c.png', 'c1');
    store.getState().editCaption('b.png', 'b2');
    await store.getState().flushDrafts();
    expect(backend.saves.map((v) => v.id)).toEqual(['a.png', 'c.png', 'b.png']);
  });

  it('keeps unsaved edits with their folder when the page is shown another, and saves them when it is back', async () => {
    const backend = fakeBackend({ 'a.png': 'a', 'b.png': 'b', 'c.png': 'c' });
    // The chip edit's save is held in flight while the page moves on.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const save = backend.transport.api['caption.save'];
    backend.transport.api['caption.save'] = async (req) => (req.id === 'c.png' && backend.saves.length === 0 ? held.then(() => save(req)) : save(req));
    const store = makeStore(backend);
    store.getState().editCaption('b.png', 'b1');
    store.getState().editCaption('c.png', 'c1', { now: true, label: 'add c1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().drafts['c.png']?.status).toBe('saving');
    store.getState().editCaption('a.png', 'a1');
    store.getState().followFolder('/data/A', '/data/B');
    expect(store.getState().drafts).toEqual({});
    expect(store.getState().saveState).toBe('saved');
    expect(Object.keys(store.getState().stranded['/data/A'] ?? {}).sort()).toEqual(['a.png', 'b.png', 'c.png']);
    expect(store.getState().stranded['/data/A']?.['c.png']?.status).toBe('dirty');
    expect(store.getState().lastMessage).toBe('3 unsaved edits stay with A: the server now serves B');
    // The typing's pause ends with the other folder shown: nothing is saved, and the save that was
    // under way leaves no draft over that folder's image when it lands.
    release();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    await store.getState().flushDrafts();
    expect(backend.saves.map((v) => v.id)).toEqual(['c.png']);
    expect(store.getState().drafts).toEqual({});

    // A folder with nothing pending moves on without a trace.
    store.getState().followFolder('/data/B', '/data/C');
    expect(Object.keys(store.getState().stranded)).toEqual(['/data/A']);

    store.getState().followFolder('/data/C', '/data/A');
    expect(store.getState().stranded).toEqual({});
    expect(Object.keys(store.getState().drafts).sort()).toEqual(['a.png', 'b.png', 'c.png']);
    expect(store.getState().lastMessage).toBe('Saving the 3 edits made earlier in A');
    await store.getState().flushDrafts();
    // The chip edit's save had landed: its second try finds the file holding its text, and drops it.
    expect(backend.saves.map((v) => v.id).slice(1)).toEqual(['b.png', 'c.png', 'a.png']);
    expect(backend.files).toEqual({ 'a.png': 'a1', 'b.png': 'b1', 'c.png': 'c1' });
    expect(store.getState().drafts).toEqual({});
  });

  it('discards the edits kept for another folder only when asked', () => {
    const store = makeStore(fakeBackend({ 'a.png': 'a' }));
    store.getState().editCaption('a.png', 'a1');
    store.getState().followFolder('/data/A', '/data/B');
    store.getState().discardStranded('/data/B');
    expect(Object.keys(store.getState().stranded)).toEqual(['/data/A']);
    store.getState().discardStranded('/data/A');
    expect(store.getState().stranded).toEqual({});
    expect(store.getState().lastMessage).toBe('Discarded the unsaved edits made in A');
  });

  it('flushDraft saves only the image being left', async () => {
    const backend = fakeBackend({ 'a.png': 'a', 'b.png': 'b' });
    const store = makeStore(backend);
    store.getState().editCaption('a.png', 'a1');
    store.getState().editCaption('b.png', 'b1');
    await store.getState().flushDraft('a.png');
    expect(backend.saves.map((v) => v.id)).toEqual(['a.png']);
    expect(Object.keys(store.getState().drafts)).toEqual(['b.png']);
  });
});
