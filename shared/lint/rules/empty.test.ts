import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('empty', () => {
  it('stays quiet when every image has a caption on line 1', () => {
    expect(findingsOf(lintTexts(['a', 'She sits.', '\ufeffa, b\n']), 'empty')).toEqual([]);
  });

  it('reports images without a caption file and blank first lines apart', () => {
    const r = lintTexts([null, 'a', '', ' , \r\n', '\nwritten on line 2', null]);
    expect(findingsOf(r, 'empty')).toEqual([
      {
        rule: 'empty',
        severity: 'warning',
        images: ['a.png', 'f.png'],
        message: '2 images have no caption file: trainers use an empty caption for them',
      },
      {
        rule: 'empty',
        severity: 'warning',
        images: ['c.png', 'd.png', 'e.png'],
        message: '3 captions have a blank first line (1 with text on later lines, which trainers never read): the image trains with an empty caption',
      },
    ]);
    expect(r.counts.empty).toBe(5);
    expect(r.summary.captioned).toBe(1);
  });
});
