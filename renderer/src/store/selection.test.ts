import { describe, expect, it } from 'vitest';
import { image, loadedStore } from '../test-support/store.ts';
import { stepTarget } from './selection.ts';

const ids = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];
const load = () => loadedStore(ids.map((id) => image(id, 'x')));

describe('selection slice', () => {
  it('click replaces, ctrl-click toggles, shift-click selects the range from the anchor', async () => {
    const store = await load();
    const s = () => store.getState();
    s().select('b.png', 'replace');
    s().select('d.png', 'range');
    expect([...s().selected]).toEqual(['b.png', 'c.png', 'd.png']);
    expect(s().focused).toBe('d.png');
    // shifting again redraws from the same anchor
    s().select('a.png', 'range');
    expect([...s().selected].sort()).toEqual(['a.png', 'b.png']);
    s().select('e.png', 'toggle');
    expect([...s().selected].sort()).toEqual(['a.png', 'b.png', 'e.png']);
    s().select('e.png', 'toggle');
    expect(s().selected.has('e.png')).toBe(false);
    expect(s().anchor).toBe('e.png');
  });

  it('ranges follow the filtered order and fall back to a single pick when the anchor is hidden', async () => {
    const store = await load();
    const s = () => store.getState();
    s().select('a.png', 'replace');
    s().setQuery('file:d* OR file:b*');
    expect(s().filtered).toEqual(['b.png', 'd.png']);
    s().select('d.png', 'range');
    expect([...s().selected]).toEqual(['d.png']);
  });

  it('select all filtered, clear, and keyboard focus moves', async () => {
    const store = await load();
    const s = () => store.getState();
    s().setQuery('-file:c.png');
    s().selectAllFiltered();
    expect(s().selected.size).toBe(4);
    s().clearSelection();
    expect(s().selected.size).toBe(0);
    s().moveFocus('b.png', false);
    s().moveFocus('e.png', true);
    expect([...s().selected]).toEqual(['b.png', 'd.png', 'e.png']);
    const before = s().selected;
    s().select('b.png', 'toggle');
    expect(s().selected).not.toBe(before); // a new Set, never mutated in place
  });
});

describe('PageDown / PageUp targets', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('steps through the shown images and stops at either end', () => {
    expect(stepTarget(['a', 'c', 'e'], order, 'a', 1)).toBe('c');
    expect(stepTarget(['a', 'c', 'e'], order, 'c', -1)).toBe('a');
    expect(stepTarget(['a', 'c', 'e'], order, 'e', 1)).toBeNull();
    expect(stepTarget(['a', 'c', 'e'], order, 'a', -1)).toBeNull();
  });
  it('starts at an end when nothing is focused', () => {
    expect(stepTarget(['b', 'd'], order, null, 1)).toBe('b');
    expect(stepTarget(['b', 'd'], order, null, -1)).toBe('d');
    expect(stepTarget([], order, null, 1)).toBeNull();
  });
  it('goes on from the place of an image an edit just filtered out', () => {
    // "-tag:kneeling", and kneeling was just added to c: the next image is d, not the first one.
    expect(stepTarget(['a', 'b', 'd', 'e'], order, 'c', 1)).toBe('d');
    expect(stepTarget(['a', 'b', 'd', 'e'], order, 'c', -1)).toBe('b');
    expect(stepTarget(['a', 'b'], order, 'c', 1)).toBeNull();
  });
});
