import { describe, expect, it } from 'vitest';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';
import { variedDataset } from '../testing/generated-captions.ts';

const TAGS = Array.from({ length: 20 }, (_, i) => `tag${i}`);
const PROSE = 'She kneels on a wooden floor near the window. Her red dress spreads around her knees. Soft light falls from the left side of the room.';

function caption(tags: readonly string[], prose = PROSE): string {
  return `${tags.join(', ')}. ${prose}`;
}

describe('near-duplicate', () => {
  it('stays quiet on varied captions', () => {
    const items = variedDataset(60);
    const r = lintTexts(items.map((i) => i.caption));
    expect(findingsOf(r, 'near-duplicate')).toEqual([]);
  });

  it('finds captions whose tags and sentences are both nearly the same', () => {
    // 20 of 21 tags shared (0.95), one word added to 24 (0.96).
    const r = lintTexts([caption(TAGS), caption([...TAGS, 'extra']), caption(['other', 'tags'], 'A cat sleeps on a sofa.')]);
    expect(findingsOf(r, 'near-duplicate')).toEqual([
      expect.objectContaining({ severity: 'warning', images: ['a.png', 'b.png'], message: expect.stringContaining('tags and sentences each at least 90% alike') }),
    ]);
  });

  it('needs both parts: the same tags with different sentences are not near-duplicates', () => {
    const r = lintTexts([caption(TAGS), caption([...TAGS, 'extra'], 'A man stands in a busy street at night. Neon signs glow above him. Rain falls.')]);
    expect(findingsOf(r, 'near-duplicate')).toEqual([]);
  });

  it('honours the threshold setting', () => {
    // 18 of 22 tags shared: 0.82.
    const texts = [TAGS.join(', '), [...TAGS.slice(2), 'x', 'y'].join(', ')];
    expect(findingsOf(lintTexts(texts), 'near-duplicate')).toEqual([]);
    expect(findingsOf(lintTexts(texts, { settings: { nearDuplicate: 0.8 } }), 'near-duplicate')).toHaveLength(1);
  });

  it('groups a chain of near pairs into one cluster, one finding', () => {
    const a = TAGS.slice(0, 19);
    const texts = [[...a, 'p'], [...a, 'p', 'q'], [...a, 'p', 'q', 'r'], ['unrelated', 'tags']].map((t) => t.join(', '));
    const found = findingsOf(lintTexts(texts), 'near-duplicate');
    expect(found.map((f) => f.images)).toEqual([['a.png', 'b.png', 'c.png']]);
  });

  it('lists every copy of a caption that belongs to a cluster', () => {
    const texts = [caption(TAGS), caption(TAGS), caption([...TAGS, 'extra'])];
    expect(findingsOf(lintTexts(texts), 'near-duplicate')[0]?.images).toEqual(['a.png', 'b.png', 'c.png']);
  });

  it('compares prose-only and tags-only captions among their own kind', () => {
    const prose = ['A woman kneels on a wooden floor near the window in a red dress.', 'A woman kneels on a wooden floor near the window in a red dress today.'];
    const r = lintTexts([...prose, TAGS.join(', '), [...TAGS, 'extra'].join(', '), caption(TAGS)]);
    expect(findingsOf(r, 'near-duplicate').map((f) => [f.images, f.message.includes('(sentences at') || f.message.includes('(tags at')])).toEqual([
      [['a.png', 'b.png'], true],
      [['c.png', 'd.png'], true],
    ]);
  });

  it('leaves a cluster that is all one picture to duplicate-image', () => {
    const texts = [caption(TAGS), caption([...TAGS, 'extra'])];
    expect(findingsOf(lintTexts(texts, { sameImages: [['a.png', 'b.png']] }), 'near-duplicate')).toEqual([]);
  });
});
