import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('trigger-missing / trigger-not-first', () => {
  it('lets the trigger word appear in the sentences too (JoyCaption refers to the subject by it)', () => {
    const r = lintTexts(['ohwx, 1girl. Ohwx sits on a chair. ohwx smiles.', 'ohwx, solo. A cat sleeps. It purrs.'], { triggerWords: ['ohwx'] });
    expect([...findingsOf(r, 'trigger-missing'), ...findingsOf(r, 'trigger-not-first'), ...findingsOf(r, 'repeated-tag')]).toEqual([]);
  });

  it('stays quiet when every caption starts with the trigger words in order', () => {
    const r = lintTexts(['ohwx, sks, 1girl', 'ohwx, sks', 'ohwx, sks, red dress. She sits.'], { triggerWords: ['ohwx', 'sks'] });
    expect([...findingsOf(r, 'trigger-missing'), ...findingsOf(r, 'trigger-not-first')]).toEqual([]);
  });

  it('reports captions lacking a trigger word as errors', () => {
    const r = lintTexts(['ohwx, 1girl', '1girl, solo', 'OHWX, solo', null], { triggerWords: ['ohwx'] });
    expect(findingsOf(r, 'trigger-missing')).toEqual([
      { rule: 'trigger-missing', severity: 'error', images: ['b.png', 'c.png'], message: "2 captions lack the trigger word 'ohwx': those images do not teach it" },
    ]);
  });

  it('reports trigger words that are present but not first, or out of order', () => {
    const r = lintTexts(['1girl, ohwx, sks', 'sks, ohwx, 1girl', 'ohwx, 1girl, sks', 'ohwx, sks, 1girl'], { triggerWords: ['ohwx', 'sks'] });
    const found = findingsOf(r, 'trigger-not-first');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', images: ['a.png', 'b.png', 'c.png'] })]);
    expect(found[0]!.message).toContain("the trigger words 'ohwx' and 'sks'");
  });

  it('reports a caption missing one trigger word as missing only', () => {
    const r = lintTexts(['1girl, sks'], { triggerWords: ['ohwx', 'sks'] });
    expect(r.counts['trigger-missing']).toBe(1);
    expect(r.counts['trigger-not-first']).toBe(0);
  });

  it('reads trigger words in the sentences of a prose-only caption', () => {
    const opts = { triggerWords: ['ohwx'] };
    expect(lintTexts(['ohwx woman stands on a beach with a dog'], opts).findings.filter((f) => f.rule.startsWith('trigger'))).toEqual([]);
    expect(lintTexts(['Ohwx woman stands on a beach with a dog.'], opts).findings.filter((f) => f.rule.startsWith('trigger'))).toEqual([]);
    const later = lintTexts(['A woman stands on a beach with her ohwx dog.'], opts);
    expect(later.counts['trigger-not-first']).toBe(1);
    expect(lintTexts(['A woman stands on a beach with her ohwxdog.'], opts).counts['trigger-missing']).toBe(1);
  });

  it('checks nothing without trigger words', () => {
    const r = lintTexts(['1girl, solo']);
    expect(r.counts['trigger-missing'] + r.counts['trigger-not-first']).toBe(0);
  });
});
