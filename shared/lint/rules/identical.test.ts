import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('identical', () => {
  it('stays quiet when every caption differs', () => {
    const r = lintTexts(['1girl, smile. She sits.', '1girl, frown. She sits.', '1girl, smile. She stands.']);
    expect(findingsOf(r, 'identical')).toEqual([]);
    expect(r.counts.identical).toBe(0);
  });

  it('finds the same tags in any order, case and `_` aside, with the same sentences', () => {
    const r = lintTexts(['long_hair, smile. She sits.', 'other, tags', 'Smile, long hair.  She  SITS.']);
    expect(findingsOf(r, 'identical')).toEqual([
      expect.objectContaining({ severity: 'warning', images: ['a.png', 'c.png'], message: expect.stringMatching(/^2 images share one caption/) }),
    ]);
    expect(r.counts.identical).toBe(2);
  });

  it('reports each shared caption once, and repeats inside a caption do not matter', () => {
    const r = lintTexts(['a, b', 'x, y', 'b, a, a', 'y, x', 'a, b']);
    expect(findingsOf(r, 'identical').map((f) => f.images)).toEqual([['a.png', 'c.png', 'e.png'], ['b.png', 'd.png']]);
  });

  it('leaves trigger words aside: they are in every caption by design', () => {
    const r = lintTexts(['ohwx, red dress', 'red dress'], { triggerWords: ['ohwx'] });
    expect(findingsOf(r, 'identical')[0]?.images).toEqual(['a.png', 'b.png']);
  });

  it('tells captions with different sentences apart', () => {
    expect(findingsOf(lintTexts(['a, b. She sits.', 'a, b. She stands.', 'a, b']), 'identical')).toEqual([]);
  });

  it('does not report copies of one picture sharing a caption (duplicate-image does)', () => {
    const r = lintTexts(['a, b', 'a, b', 'a, b'], { sameImages: [['a.png', 'b.png']] });
    expect(findingsOf(r, 'identical')[0]?.images).toEqual(['a.png', 'b.png', 'c.png']);
    const same = lintTexts(['a, b', 'a, b'], { sameImages: [['a.png', 'b.png']] });
    expect(findingsOf(same, 'identical')).toEqual([]);
    expect(findingsOf(same, 'duplicate-image')[0]?.severity).toBe('info');
  });

  it('does not count empty captions as identical (the empty rule reports them)', () => {
    expect(findingsOf(lintTexts([null, '', '  ']), 'identical')).toEqual([]);
  });
});
