import { describe, expect, it } from 'vitest';
import { image, loadedStore } from '../test-support/store.ts';

const VOCAB = ['1girl', 'solo', 'smile', 'red dress', 'indoors', 'outdoors', 'kneeling', 'standing', 'low angle', 'hatsune_miku_(cosplay)'];

function bigDataset(n: number) {
  const images = [];
  for (let i = 0; i < n; i++) {
    const tags = VOCAB.filter((_, k) => (i >> k) % 3 === 0 || k === i % VOCAB.length);
    const caption = i % 50 === 0 ? null : `ohwx, ${tags.join(', ')}. She stands in room ${i}. The light is warm.`;
    images.push(image(`img_${String(i).padStart(5, '0')}.png`, caption));
  }
  return images;
}

describe('view slice', () => {
  it('filters with the query language and keeps the last valid result on a syntax error', async () => {
    const store = await loadedStore([image('a.png', 'smile, solo'), image('b.png', 'solo'), image('c.png', null)]);
    store.getState().setQuery('tag:smile OR missing:caption');
    expect(store.getState().filtered).toEqual(['a.png', 'c.png']);
    store.getState().setQuery('tag:smile OR (');
    const s = store.getState();
    expect(s.query).toBe('tag:smile OR (');
    expect(s.queryError?.position).toBeGreaterThan(0);
    expect(s.queryError?.message).toMatch(/\S/);
    expect(s.filtered).toEqual(['a.png', 'c.png']);
    store.getState().setQuery('  ');
    expect(store.getState().queryError).toBeNull();
    expect(store.getState().filtered).toEqual(['a.png', 'b.png', 'c.png']);
  });

  it('counts sentences only when a query asks for them', async () => {
    const store = await loadedStore([image('a.png', 'x. One. Two.'), image('b.png', 'x. One.')]);
    store.getState().setQuery('sentences=2');
    expect(store.getState().filtered).toEqual(['a.png']);
  });

  it('clamps the thumbnail size', async () => {
    const store = await loadedStore([]);
    store.getState().setThumbSize(10_000);
    expect(store.getState().thumbSize).toBe(360);
    store.getState().setThumbSize(Number.NaN);
    expect(store.getState().thumbSize).toBe(160);
  });

  it('refilters 10,000 images fast enough to repaint within a frame budget', async () => {
    const images = bigDataset(10_000);
    const store = await loadedStore(images);
    const queries = ['tag:smile', 'tag:"red dress" -tag:indoors', 'text:room OR tag:kneel*', 'tags>4 has:prose', 'tag:smile'];
    for (const q of queries) store.getState().setQuery(q); // warm up the JIT
    const times: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      store.getState().setQuery(q);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // The median is the figure (about 5 ms here); the bound is the whole repaint budget, so a
    // busy CI box does not flake while a per-keystroke reparse or rescan of 10,000 captions still fails.
    expect(times[2]).toBeLessThan(100);
    const expected = images.filter((im) => im.caption?.split(/[,.]/).some((t) => t.trim() === 'smile')).length;
    expect(store.getState().filtered.length).toBe(expected);
  });
});
