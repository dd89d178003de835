import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('repeated-tag', () => {
  it('stays quiet without exact repeats (case and `_` variants are other rules)', () => {
    expect(findingsOf(lintTexts(['a, b, c', 'Smile, smile', 'long_hair, long hair']), 'repeated-tag')).toEqual([]);
  });

  it('reports captions repeating a tag, naming the most repeated first', () => {
    const r = lintTexts(['a, smile, b, smile', 'x', 'smile, red, red, smile, smile']);
    expect(findingsOf(r, 'repeated-tag')).toEqual([
      {
        rule: 'repeated-tag',
        severity: 'info',
        images: ['a.png', 'c.png'],
        message: "2 captions repeat a tag ('smile' and 'red'): a repeat only adds weight and tokens",
      },
    ]);
  });
});
