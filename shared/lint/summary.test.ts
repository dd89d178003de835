import { describe, expect, it } from 'vitest';
import { prepare } from './prepare.ts';
import { meanScore } from './similarity.ts';
import { summarize } from './summary.ts';
import { inputFor, lintTexts } from './testing/lint-texts.ts';
import { variedDataset } from './testing/generated-captions.ts';

describe('summary', () => {
  it('counts images, captions, tags and shared tag sets', () => {
    const s = lintTexts(['ohwx, a, b', 'ohwx, b, a', 'ohwx, c, long_hair', 'ohwx, long hair, c, c', null, 'ohwx, d. She sits.'], { triggerWords: ['ohwx'] }).summary;
    expect(s.images).toBe(6);
    expect(s.captioned).toBe(5);
    // {a,b} twice and {c, long hair} twice (`_` read as a space): only {d} is unique.
    expect(s.uniqueTagSets).toBeCloseTo(1 / 5);
    // ohwx, a, b, c, long hair, d
    expect(s.distinctTags).toBe(6);
    expect(s.meanTags).toBeCloseTo((3 + 3 + 3 + 4 + 2) / 5);
  });

  it('averages the part scores of every pair for meanSimilarity', () => {
    // tags {a,b} vs {a,c}: 1/3; prose only on one side: 0 -> (1/3 + 0) / 2.
    const s = lintTexts(['a, b', 'a, c. She sits.']).summary;
    expect(s.meanSimilarity).toBeCloseTo(1 / 6);
    expect(lintTexts(['a, b', 'b, a']).summary.meanSimilarity).toBe(1);
  });

  it('samples pairs on large sets, the same way every run, close to the exact mean', () => {
    const input = inputFor(variedDataset(400, 7).map((i) => i.caption));
    const ctx = prepare(input);
    const c = ctx.captioned;
    let sum = 0;
    for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) sum += meanScore(c[i]!, c[j]!);
    const exact = sum / ((c.length * (c.length - 1)) / 2);
    const sampled = summarize(ctx).meanSimilarity;
    expect(summarize(prepare(input)).meanSimilarity).toBe(sampled);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.01);
  });

  it.each([
    [[], /^empty: the dataset has no images$/],
    [[null, ''], /^uncaptioned: none of the 2 images has a caption$/],
    [['a, b', 'c, d', 'e, f, g, h, i, j', null], /^incomplete: 1 of 4 images has no caption$/],
    [['a, b, c, d, e, f', 'a, b, c, d, e, f', 'g, h, i, j, k, l', 'm, n, o, p, q, r'], /^repetitive: 50% of images share their tag set with another image$/],
    [['a, b, c, d, e, f', 'a, b, c, d, e, g', 'a, b, c, d, e, h'], /^repetitive: captions are 71% alike on average$/],
    [['a, b', 'c, d', 'e, f'], /^sparse: 2.0 tags per caption and few sentences: say more about each image$/],
    [['a, b', 'c, d. She sits.', 'e, f. He runs.'], /^healthy: captions are varied \(100% of tag sets unique, \d+% alike on average\)$/],
  ])('gives a one-line verdict (%#)', (captions, verdict) => {
    expect(lintTexts(captions).summary.verdict).toMatch(verdict);
  });
});
