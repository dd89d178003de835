import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('duplicate-image', () => {
  it('stays quiet without same-picture groups', () => {
    expect(findingsOf(lintTexts(['a', 'b']), 'duplicate-image')).toEqual([]);
    expect(findingsOf(lintTexts(['a', 'b'], { sameImages: [] }), 'duplicate-image')).toEqual([]);
  });

  it('reports one picture with different captions as an error', () => {
    const r = lintTexts(['1girl, standing', 'x', '1girl, sitting'], { sameImages: [['c.png', 'a.png']] });
    expect(findingsOf(r, 'duplicate-image')).toEqual([
      {
        rule: 'duplicate-image',
        severity: 'error',
        images: ['a.png', 'c.png'],
        message: 'The same picture appears 2 times with different captions: one image, conflicting instructions',
      },
    ]);
  });

  it('reports copies with the same caption (order and case aside) as info only', () => {
    const r = lintTexts(['a, B', 'b, a', 'x'], { sameImages: [['a.png', 'b.png']] });
    expect(findingsOf(r, 'duplicate-image')).toEqual([expect.objectContaining({ severity: 'info', images: ['a.png', 'b.png'] })]);
  });

  it('treats a missing and a blank caption as the same, and a caption against none as different', () => {
    const r = lintTexts([null, '', 'a', null], { sameImages: [['a.png', 'b.png'], ['c.png', 'd.png']] });
    expect(findingsOf(r, 'duplicate-image').map((f) => [f.severity, f.images])).toEqual([
      ['error', ['c.png', 'd.png']],
      ['info', ['a.png', 'b.png']],
    ]);
  });

  it('ignores ids not in the dataset and groups left with one image', () => {
    const r = lintTexts(['a', 'b'], { sameImages: [['a.png', 'gone.png'], ['a.png', 'a.png']] });
    expect(findingsOf(r, 'duplicate-image')).toEqual([]);
  });
});
