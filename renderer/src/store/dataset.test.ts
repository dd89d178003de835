import { describe, expect, it } from 'vitest';
import { tagFrequencies } from '../../../shared/tags/index.ts';
import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import { ok } from '../../../shared/result.ts';
import type { DatasetSnapshot } from '../../../shared/contract/index.ts';
import { fakeTransport, image, loadedStore, makeStore, snapshot } from '../test-support/store.ts';
import { isParsed } from './lazy-docs.ts';
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

describe('a snapshot of many captions', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => image(`img${i}.png`, `tag${i % 50}, shared, extra ${i}. She sits on a chair.`));
  const recount = (s: Store) => Object.fromEntries(tagFrequencies(s.order.map((id) => s.docs[id]).filter((d): d is CaptionDoc => d !== null && d !== undefined)));

  /** Starts a load and returns once its first state (the grid's) is in the store. */
  async function startLoad(images: ReturnType<typeof many>) {
    const store = makeStore();
    store.getState().setTransport(fakeTransport(images));
    const shown = new Promise<void>((resolve) => {
      const stop = store.subscribe((s) => {
        if (s.order.length > 0) {
          stop();
          resolve();
        }
      });
    });
    const loaded = store.getState().load();
    await shown;
    return { store, loaded };
  }

  it('shows the images at once and parses their captions after, each correct whenever it is read', async () => {
    const images = many(20_000);
    const { store, loaded } = await startLoad(images);
    let s = store.getState();
    expect(s.order).toHaveLength(20_000);
    expect(s.filtered).toBe(s.order);
    expect(s.docsSettled).toBe(false);
    expect(isParsed(s.docs, 'img7.png')).toBe(false);
    expect(s.docs['img7.png']).toEqual(parseCaption(images[7]!.caption!));
    await loaded;
    s = store.getState();
    expect(s.docsSettled).toBe(true);
    expect(s.order.every((id) => isParsed(s.docs, id))).toBe(true);
    expect(counts(s)).toEqual(recount(s));
    expect(s.tagCounts.get('shared')).toBe(20_000);
  });

  it('counts tags exactly when captions change while they are being parsed', async () => {
    const { store, loaded } = await startLoad(many(20_000));
    store.getState().applyImages([image('img1.png', 'new, tags'), image('added.png', 'shared')], ['img2.png'], 'external');
    await loaded;
    const s = store.getState();
    expect(counts(s)).toEqual(recount(s));
    expect(s.tagCounts.get('shared')).toBe(20_000 - 2 + 1);
    expect(s.tagCounts.get('new')).toBe(1);
  });

  it('finishes at the first key or pointer press, before the page handles it', async () => {
    const page = new EventTarget();
    const g = globalThis as { window?: unknown };
    g.window = page;
    try {
      const { store, loaded } = await startLoad(many(40_000));
      expect(store.getState().docsSettled).toBe(false);
      let seen: boolean | null = null;
      page.addEventListener('keydown', () => (seen = store.getState().docsSettled));
      page.dispatchEvent(new Event('keydown'));
      expect(seen).toBe(true);
      const s = store.getState();
      expect(counts(s)).toEqual(recount(s));
      await loaded;
    } finally {
      delete g.window;
    }
  });

  it('a newer snapshot replaces the parse of an older one', async () => {
    const { store, loaded } = await startLoad(many(20_000));
    store.getState().setTransport(fakeTransport([image('only.png', 'one, two')]));
    await Promise.all([loaded, store.getState().load()]);
    const s = store.getState();
    expect(s.order).toEqual(['only.png']);
    expect(s.docsSettled).toBe(true);
    expect(counts(s)).toEqual({ one: 1, two: 1 });
  });
});
