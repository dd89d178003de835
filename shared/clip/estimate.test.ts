import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLIP_TOKEN_LIMIT, estimateClipTokens } from './estimate.ts';

describe('estimateClipTokens', () => {
  it('counts nothing in an empty or blank line', () => {
    expect(estimateClipTokens('')).toBe(0);
    expect(estimateClipTokens('   \t ')).toBe(0);
  });

  it('splits digits from words and counts commas (1 + girl + , + solo + , + smile)', () => {
    expect(estimateClipTokens('1girl, solo, smile')).toBe(6);
  });

  it('gives every digit its own token, as CLIP does', () => {
    expect(estimateClipTokens('2024')).toBe(4);
  });

  it('counts short words as one token and long compounds as more', () => {
    expect(estimateClipTokens('kneeling')).toBe(1);
    expect(estimateClipTokens('thighhighs')).toBe(2);
    expect(estimateClipTokens('photorealistic')).toBe(2);
    expect(estimateClipTokens('supercalifragilistic')).toBe(3);
  });

  it('reads contractions and parentheses the way the pre-tokenizer splits them', () => {
    expect(estimateClipTokens("girl's")).toBe(2);
    // hatsune _ miku _( cosplay ) -> 3 words + 1 + 2 + 1 punctuation characters
    expect(estimateClipTokens('hatsune_miku_(cosplay)')).toBe(7);
  });

  it('ignores case, since CLIP lowercases first', () => {
    expect(estimateClipTokens('She Kneels On The Floor.')).toBe(estimateClipTokens('she kneels on the floor.'));
  });

  it('counts non-Latin scripts per character', () => {
    expect(estimateClipTokens('初音ミク')).toBe(4);
  });

  it('puts a typical workflow caption under the limit', () => {
    const caption = 'ohwx, 1girl, solo, kneeling, low angle, red dress, indoors. She kneels on a wooden floor. Her hands rest on her knees.';
    const n = estimateClipTokens(caption);
    expect(n).toBeGreaterThan(25);
    expect(n).toBeLessThan(CLIP_TOKEN_LIMIT);
  });

  it('is additive over space-separated parts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(estimateClipTokens(`${a} ${b}`)).toBe(estimateClipTokens(a) + estimateClipTokens(b));
      }),
    );
  });
});
