import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('underscore-mix', () => {
  it('stays quiet when each tag has one spelling', () => {
    expect(findingsOf(lintTexts(['long_hair, blue_eyes', 'long_hair', 'red dress', 'red dress']), 'underscore-mix')).toEqual([]);
  });

  it('reports the captions holding the underscore spelling of a tag others write with spaces', () => {
    const r = lintTexts(['long_hair, blue_eyes', 'long hair', 'Blue Eyes, x', 'long_hair, long hair']);
    expect(findingsOf(r, 'underscore-mix')).toEqual([
      {
        rule: 'underscore-mix',
        severity: 'warning',
        images: ['a.png', 'd.png'],
        message: "2 captions write 'long_hair' and 'blue_eyes' with underscores where others use spaces: the model reads them as different tokens",
        tags: ['long_hair', 'blue_eyes'],
      },
    ]);
  });

  it('leaves kaomoji and trigger words alone', () => {
    const r = lintTexts(['^_^, my_lora', '^ ^, my lora', '>_<', '> <'], { triggerWords: ['my_lora', 'my lora'] });
    expect(findingsOf(r, 'underscore-mix')).toEqual([]);
  });
});
