import { describe, expect, it } from 'vitest';
import { tagFrequencies } from '../../../shared/tags/index.ts';
import { parseCaption } from '../../../shared/caption/index.ts';
import { ok } from '../../../shared/result.ts';
import type { DatasetSnapshot } from '../../../shared/contract/index.ts';
import { fakeTransport, image, loadedStore, snapshot } from '../test-support/store.ts';
import type { Store } from './types.ts';

const counts = (s: Store) => Object.fromEntries(s.tagCounts);

describe('dataset slice', () => {
  it('loads a snapshot in natural order and parses each caption once', async () => {
    const store = await loadedStore([
      image('img10.png', 'b, c'),
      image('img2.png', 'a, b, b'),
      image('Img1.png', null),
      image('sub/img3.png', 'a. A sentence.'),
    ]);
    const s = store.getState();
    expect(s.order).toEqual(['Img1.png', 'img2.png', 'img10.png', 'sub/img3.png']);
    expect(s.filtered).toEqual(s.order);
    expect(s.docs['Img1.png']).toBeNull();
    expect(s.docs['img2.png']?.tags).toEqual(['a', 'b', 'b']);
    // a tag repeated inside one caption counts once
    expect(counts(s)).toEqual({ a: 2, b: 2, c: 1 });
    expect(s.info?.name).toBe('set');
  });

  it('keeps tag counts equal to a full recount through edits, additions and removals', async () => {
    const store = await loadedStore([image('a.png', 'x, y'), image('b.png', 'y, z'), image('c.png', null)]);
    store.getState().applyImages([image('a.png', 'y, w'), image('d.png', 'x, x'), image('c.png', 'z')], ['b.png', 'missing.png'], 'edit');
    const s = store.getState();
    const recount = tagFrequencies(Object.values(s.docs).filter((d) => d !== null));
    expect(counts(s)).toEqual(Object.fromEntries(recount));
    expect(s.order).toEqual(['a.png', 'c.png', 'd.png']);
    expect(Object.keys(s.images).sort()).toEqual(['a.png', 'c.png', 'd.png']);
  });

  it('reuses the parsed doc when a caption did not change', async () => {
    const store = await loadedStore([image('a.png', 'x'), image('b.png', 'y')]);
    const before = store.getState().docs['a.png'];
    store.getState().applyImages([image('a.png', 'x'), image('b.png', 'y, z')], [], 'external');
    expect(store.getState().docs['a.png']).toBe(before);
    expect(store.getState().docs['b.png']).toEqual(parseCaption('y, z'));
  });

  it('refilters with the current query and prunes selection of removed images', async () => {
    const store = await loadedStore([image('a.png', 'cat'), image('b.png', 'dog'), image('c.png', 'cat, dog')]);
    store.getState().setQuery('tag:cat');
    store.getState().select('a.png', 'replace');
    store.getState().select('c.png', 'toggle');
    expect(store.getState().filtered).toEqual(['a.png', 'c.png']);
    store.getState().applyImages([image('b.png', 'cat')], ['a.png'], 'external');
    const s = store.getState();
    expect(s.filtered).toEqual(['b.png', 'c.png']);
    expect([...s.selected]).toEqual(['c.png']);
    expect(s.anchor).toBe('c.png');
  });

  it('reports a failed snapshot as loadError', async () => {
    const store = await loadedStore([]);
    store.getState().setTransport({
      ...store.getState().transport!,
      api: { ...store.getState().transport!.api, 'dataset.snapshot': async () => ({ ok: false, error: { kind: 'x', message: 'boom' } }) },
    });
    await store.getState().load();
    expect(store.getState().loadError).toBe('boom');
  });

  it('keeps changes that arrive while a snapshot is on its way, even when the snapshot is older', async () => {
    const store = await loadedStore([image('a.png', 'old'), image('b.png', 'same'), image('gone.png', 'x')]);
    let answer!: (s: DatasetSnapshot) => void;
    const transport = store.getState().transport!;
    store.getState().setTransport({
      ...transport,
      api: { ...transport.api, 'dataset.snapshot': () => new Promise((resolve) => (answer = (v) => resolve(ok(v)))) },
    });
    const loading = store.getState().load();
    // Taken before these changes, the snapshot's answer is overtaken by their events.
    const older = snapshot([image('a.png', 'old'), image('b.png', 'same'), image('gone.png', 'x')]);
    const history = { entries: [{ id: 'e1', seq: 1, time: 't', label: 'edit', files: 1, applied: true }], head: 1, canUndo: true, canRedo: false };
    const s = store.getState();
    s.applyImages([image('a.png', 'new')], ['gone.png'], 'external');
    s.setHistory(history);
    s.setSettings({ ...older.info.settings, triggerWords: ['ohwx'] });
    s.applyReview(['b.png'], true);
    answer(older);
    await loading;
    const after = store.getState();
    expect(after.images['a.png']?.caption).toBe('new');
    expect(after.docs['a.png']?.tags).toEqual(['new']);
    expect(after.order).toEqual(['a.png', 'b.png']);
    expect(after.history).toEqual(history);
    expect(after.info?.settings.triggerWords).toEqual(['ohwx']);
    expect([...after.reviewed]).toEqual(['b.png']);
    // Nothing is replayed on the next snapshot: it is newer than those changes.
    store.getState().setTransport(fakeTransport([image('a.png', 'newest'), image('b.png', 'same')]));
    await store.getState().load();
    expect(store.getState().images['a.png']?.caption).toBe('newest');
    expect(store.getState().reviewed.size).toBe(0);
  });
});
