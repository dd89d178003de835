import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('group-missing', () => {
  it('stays quiet when every caption has a tag of each required group, `_` and case aside', () => {
    const r = lintTexts(['low angle, standing, full body', 'Low_Angle, KNEELING, upper_body']);
    expect(findingsOf(r, 'group-missing')).toEqual([]);
  });

  it('reports one finding per group, listing the images lacking it', () => {
    const r = lintTexts(['low angle, standing, full body', 'standing, close-up', '1girl, solo', null]);
    expect(findingsOf(r, 'group-missing')).toEqual([
      {
        rule: 'group-missing',
        severity: 'warning',
        images: ['b.png', 'c.png'],
        message: "2 captions have no camera angle tag ('low angle', 'high angle', 'from above', 'from below' and 3 more): keep it stated on every image",
        tags: ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'],
      },
      expect.objectContaining({ images: ['c.png'], message: expect.stringContaining('no pose tag'), tags: ['standing', 'sitting', 'kneeling', 'lying', 'squatting'] }),
      expect.objectContaining({ images: ['c.png'], message: expect.stringContaining('no framing tag') }),
    ]);
    // c.png lacks three groups but is one image concerned.
    expect(r.counts['group-missing']).toBe(2);
  });

  it('does not read the sentences: a pose must be a tag', () => {
    const r = lintTexts(['low angle, full body. She is standing by the door.']);
    expect(findingsOf(r, 'group-missing').map((f) => f.message)).toEqual([expect.stringContaining('no pose tag')]);
  });

  it('skips groups that are not required, and follows custom groups', () => {
    const groups = [{ name: 'light', tags: ['sunlight', 'backlighting'], exclusive: true, required: false }, { name: 'species', tags: ['cat', 'dog'], exclusive: false, required: true }];
    const r = lintTexts(['cat', 'bird'], { settings: { groups } });
    expect(findingsOf(r, 'group-missing')).toEqual([expect.objectContaining({ images: ['b.png'], message: expect.stringContaining('no species tag') })]);
  });
});

describe('group-conflict', () => {
  it('stays quiet with one tag per exclusive group, even repeated', () => {
    expect(findingsOf(lintTexts(['standing, low angle, standing', 'sitting, from above']), 'group-conflict')).toEqual([]);
  });

  it('reports two different tags of one exclusive group', () => {
    const r = lintTexts(['standing, Sitting, low angle', 'kneeling', 'lying, squatting', 'standing, sitting']);
    expect(findingsOf(r, 'group-conflict')).toEqual([
      {
        rule: 'group-conflict',
        severity: 'warning',
        images: ['a.png', 'c.png', 'd.png'],
        message: "3 captions have more than one pose tag ('standing' + 'Sitting', 'lying' + 'squatting' and 1 more): they contradict each other",
      },
    ]);
  });

  it('allows several tags of a group that is not exclusive', () => {
    const groups = [{ name: 'species', tags: ['cat', 'dog'], exclusive: false, required: true }];
    expect(findingsOf(lintTexts(['cat, dog'], { settings: { groups } }), 'group-conflict')).toEqual([]);
  });
});
