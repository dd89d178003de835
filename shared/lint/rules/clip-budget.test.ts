import { describe, expect, it } from 'vitest';
import { estimateClipTokens } from '../../clip/estimate.ts';
import { lintCaptions } from '../index.ts';
import { findingsOf, inputFor, lintTexts } from '../testing/lint-texts.ts';

const LONG = Array.from({ length: 30 }, (_, i) => `tag${i}`).join(', ');

describe('clip-budget', () => {
  it('stays quiet on captions within the budget', () => {
    expect(findingsOf(lintTexts(['ohwx, 1girl, red dress. She sits on a bench.']), 'clip-budget')).toEqual([]);
  });

  it('reports line 1 over the budget, with the longest count', () => {
    const tokens = estimateClipTokens(LONG);
    expect(tokens).toBeGreaterThan(75);
    expect(findingsOf(lintTexts(['short', LONG, `${LONG}\n${LONG}`]), 'clip-budget')).toEqual([
      {
        rule: 'clip-budget',
        severity: 'warning',
        images: ['b.png', 'c.png'],
        message: `2 captions are over the 75-token budget (longest ${tokens}): the text encoder never sees the words past it`,
      },
    ]);
  });

  it('follows the budget setting (kohya --max_token_length 225)', () => {
    expect(findingsOf(lintTexts([LONG], { settings: { clipBudget: 225 } }), 'clip-budget')).toEqual([]);
  });

  it("counts with the caller's tokenizer, once per captioned line", () => {
    const lines: string[] = [];
    const input = { ...inputFor(['a, b', null, 'c\nmore text']), countTokens: (line: string) => (lines.push(line), 76) };
    expect(lintCaptions(input).counts['clip-budget']).toBe(2);
    expect(lines).toEqual(['a, b', 'c']);
  });
});
