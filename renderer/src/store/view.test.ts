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

  // How fast is measured in `npm run bench:ui` (filter change to next frame), not asserted here.
  it('refilters 10,000 images for each query in turn', async () => {
    const images = bigDataset(10_000);
    const store = await loadedStore(images);
    const queries = ['tag:smile', 'tag:"red dress" -tag:indoors', 'text:room OR tag:kneel*', 'tags>4 has:prose', 'tag:smile'];
    for (const q of queries) store.getState().setQuery(q);
    const expected = images.filter((im) => im.caption?.split(/[,.]/).some((t) => t.trim() === 'smile')).length;
    expect(store.getState().filtered.length).toBe(expected);
  });
});

describe('id filter', () => {
  it('narrows the query result to its ids, in grid order, and lets go when cleared', async () => {
    const store = await loadedStore([image('a.png', 'smile'), image('b.png', 'smile'), image('c.png', 'frown'), image('d.png', null)]);
    store.getState().setIdFilter({ label: 'Identical captions', ids: ['d.png', 'b.png', 'c.png', 'gone.png'] });
    expect(store.getState().filtered).toEqual(['b.png', 'c.png', 'd.png']);
    store.getState().setQuery('tag:smile');
    expect(store.getState().filtered).toEqual(['b.png']);
    store.getState().setIdFilter(null);
    expect(store.getState().filtered).toEqual(['a.png', 'b.png']);
    store.getState().setQuery('');
    expect(store.getState().filtered).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
  });

  it('keeps applying through caption changes, additions and removals', async () => {
    const store = await loadedStore([image('a.png', 'x'), image('b.png', 'y'), image('c.png', 'z')]);
    store.getState().setQuery('-tag:q');
    store.getState().setIdFilter({ label: 'Repeated tags', ids: ['a.png', 'c.png', 'e.png'] });
    store.getState().applyImages([image('a.png', 'q'), image('e.png', 'x'), image('f.png', 'x')], ['c.png'], 'external');
    // a.png now fails the query, c.png is gone, e.png arrived and is in the set, f.png is not
    expect(store.getState().filtered).toEqual(['e.png']);
  });

  it('only narrows the last valid result while the query does not compile', async () => {
    const store = await loadedStore([image('a.png', 'smile'), image('b.png', 'smile'), image('c.png', 'frown')]);
    store.getState().setQuery('tag:smile');
    store.getState().setQuery('tag:smile OR (');
    store.getState().setIdFilter({ label: 'x', ids: ['b.png', 'c.png'] });
    expect(store.getState().filtered).toEqual(['b.png']);
    store.getState().setQuery('tag:frown');
    expect(store.getState().filtered).toEqual(['c.png']);
  });
});
