import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';
import { variedDataset } from '../testing/generated-captions.ts';

const VARIED = ['red dress, beach', 'blue coat, forest', 'green shirt, library', 'black hoodie, rooftop', 'white kimono, garden', 'yellow skirt, cafe'];

describe('generic', () => {
  it('stays quiet on a varied set', () => {
    expect(findingsOf(lintTexts(variedDataset(100).map((i) => i.caption), { triggerWords: ['ohwx'] }), 'generic')).toEqual([]);
  });

  it('finds captions made only of tags most captions have', () => {
    const texts = [...VARIED.map((v) => `ohwx, 1girl, solo, ${v}`), 'ohwx, 1girl, solo', 'ohwx, solo, 1girl'];
    const found = findingsOf(lintTexts(texts, { triggerWords: ['ohwx'] }), 'generic');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', images: ['g.png', 'h.png'] })]);
    expect(found[0]!.message).toMatch(/^2 captions say nothing that over half the others don't \(trigger words, camera angle tags, pose tags and framing tags aside\)/);
  });

  it('does not count group tags as telling an image apart, however rare', () => {
    const texts = [...VARIED.map((v) => `1girl, solo, ${v}`), '1girl, solo, from behind, kneeling, close-up'];
    expect(findingsOf(lintTexts(texts), 'generic')[0]?.images).toEqual(['g.png']);
  });

  it('counts a rare word in the sentences as telling the image apart, but not a function word', () => {
    const prose = (s: string) => VARIED.map((v) => `1girl, ${v}. She smiles.`).concat(`1girl. ${s}`);
    expect(findingsOf(lintTexts(prose('She smiles at a tortoise.')), 'generic')).toEqual([]);
    expect(findingsOf(lintTexts(prose('She smiles at them.')), 'generic')[0]?.images).toEqual(['g.png']);
  });

  it('counts a tag half the captions share as telling them apart', () => {
    const texts = ['1girl, red', '1girl, red', '1girl, red', '1girl, blue', '1girl, blue', '1girl, blue'];
    expect(findingsOf(lintTexts(texts), 'generic')).toEqual([]);
  });

  it('skips sets of fewer than 5 captioned images', () => {
    expect(findingsOf(lintTexts(['a, b', 'a, b', 'a, b', 'a', null, null]), 'generic')).toEqual([]);
  });
});
