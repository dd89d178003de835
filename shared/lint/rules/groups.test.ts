import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

/** `n` captions with a framing tag and `m` without, all with their own subject. */
function framed(n: number, m: number): string[] {
  return [
    ...Array.from({ length: n }, (_, i) => `subject ${i}, ${i % 2 ? 'full body' : 'Upper_Body'}`),
    ...Array.from({ length: m }, (_, i) => `other subject ${i}`),
  ];
}

describe('group-missing', () => {
  it('stays quiet when every caption has a tag of each group, `_` and case aside', () => {
    const r = lintTexts(['low angle, standing, full body', 'Low_Angle, KNEELING, upper_body']);
    expect(findingsOf(r, 'group-missing')).toEqual([]);
  });

  it('stays quiet on a set that never states a group: no framing stated, no framing warning', () => {
    const r = lintTexts(Array.from({ length: 30 }, (_, i) => `shape ${i}, flat colour ${i}. A shape number ${i}.`));
    expect(findingsOf(r, 'group-missing')).toEqual([]);
  });

  it('flags the captions lacking a group most captions state (60% by default), naming the set’s own tags first', () => {
    const r = lintTexts(framed(7, 3));
    expect(findingsOf(r, 'group-missing')).toEqual([
      {
        rule: 'group-missing',
        severity: 'warning',
        images: ['h.png', 'i.png', 'j.png'],
        message: "3 captions have no framing tag, while 7 of 10 (70%) state one, mostly 'upper body' or 'full body': state it on these too",
        tags: ['upper body', 'full body', 'close-up', 'cowboy shot'],
      },
    ]);
    expect(r.counts['group-missing']).toBe(3);
  });

  it('draws the line at groupMajority, inclusive, and follows the setting', () => {
    expect(findingsOf(lintTexts(framed(6, 4)), 'group-missing').map((f) => f.images.length)).toEqual([4]);
    expect(findingsOf(lintTexts(framed(5, 5)), 'group-missing')).toEqual([]);
    expect(findingsOf(lintTexts(framed(7, 3), { settings: { groupMajority: 0.9 } }), 'group-missing')).toEqual([]);
    expect(findingsOf(lintTexts(framed(7, 3), { settings: { groupMajority: 0.7 } }), 'group-missing')).toHaveLength(1);
    expect(findingsOf(lintTexts(framed(1, 9), { settings: { groupMajority: 0 } }), 'group-missing')).toHaveLength(1);
  });

  it('counts `long_hair`, `Long Hair` and `long hair` as one tag of a custom group', () => {
    const groups = [{ name: 'hair length', tags: ['long hair', 'short hair'], exclusive: true }];
    const r = lintTexts(['a, long_hair', 'b, Long Hair', 'c, LONG_HAIR', 'd, short hair', 'e'], { settings: { groups } });
    expect(findingsOf(r, 'group-missing')).toEqual([expect.objectContaining({ images: ['e.png'], tags: ['long hair', 'short hair'] })]);
    expect(findingsOf(r, 'group-conflict')).toEqual([]);
  });

  it('flags every caption lacking a group the dataset marks required, even one nobody states', () => {
    const groups = [{ name: 'species', tags: ['cat', 'dog'], exclusive: false, required: true }];
    const r = lintTexts(['bird', 'fish', 'cat'], { settings: { groups } });
    expect(findingsOf(r, 'group-missing')).toEqual([
      expect.objectContaining({ images: ['a.png', 'b.png'], message: "2 captions have no species tag ('cat' and 'dog'): this dataset requires one on every image" }),
    ]);
  });

  it('does not read the sentences: a pose must be a tag', () => {
    const r = lintTexts(['sitting, a', 'kneeling, b', 'standing, c', 'd. She is standing by the door.']);
    expect(findingsOf(r, 'group-missing')).toEqual([expect.objectContaining({ images: ['d.png'], message: expect.stringContaining('no pose tag') })]);
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
