import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('sentence-count', () => {
  it("stays quiet when captions with sentences have the dataset's N, and on tags-only captions", () => {
    const r = lintTexts(['a, b. One. Two here. Three, Mr. Smith said.', 'a, b, c'], { sentences: 3 });
    expect(findingsOf(r, 'sentence-count')).toEqual([]);
  });

  it('reports other counts, naming them', () => {
    const r = lintTexts(['a. One sentence here.', 'a. One. Two. Three.', 'a. One. Two. Three. Four.', 'a. Only one.'], { sentences: 3 });
    expect(findingsOf(r, 'sentence-count')).toEqual([
      { rule: 'sentence-count', severity: 'info', images: ['a.png', 'c.png', 'd.png'], message: '3 captions have 1 or 4 sentences instead of 3' },
    ]);
  });

  it('follows N and asks nothing when N is 0', () => {
    expect(findingsOf(lintTexts(['a. One.'], { sentences: 1 }), 'sentence-count')).toEqual([]);
    expect(findingsOf(lintTexts(['a. One. Two.'], { sentences: 0 }), 'sentence-count')).toEqual([]);
  });
});
