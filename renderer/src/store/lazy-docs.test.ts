import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { image } from '../test-support/store.ts';
import { isParsed, lazyDocs } from './lazy-docs.ts';

describe('lazyDocs', () => {
  it('parses each caption the first time it is read, once, and reads like a plain record', () => {
    const docs = lazyDocs([image('a.png', 'x, y. A sentence.'), image('b.png', null), image('c.png', 'z')]);
    expect(Object.keys(docs)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(Object.hasOwn(docs, 'b.png')).toBe(true);
    expect(Object.hasOwn(docs, 'd.png')).toBe(false);
    expect(['a.png', 'b.png', 'c.png'].map((id) => isParsed(docs, id))).toEqual([false, false, false]);

    const a = docs['a.png'];
    expect(a).toEqual(parseCaption('x, y. A sentence.'));
    expect(docs['a.png']).toBe(a);
    expect(['a.png', 'b.png', 'c.png'].map((id) => isParsed(docs, id))).toEqual([true, false, false]);
    expect(docs['b.png']).toBeNull();

    // A copy (as every change makes) holds every caption parsed, the ones read before unchanged.
    const copy = { ...docs };
    expect(copy['a.png']).toBe(a);
    expect(copy['c.png']).toEqual(parseCaption('z'));
    expect(isParsed(docs, 'c.png')).toBe(true);
    copy['c.png'] = null;
    expect(docs['c.png']).toEqual(parseCaption('z'));
  });
});
