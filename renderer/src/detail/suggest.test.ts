import { describe, expect, it } from 'vitest';
import { buildCandidates, suggest, SUGGESTION_LIMIT } from './suggest.ts';

const counts = new Map([
  ['smile', 40],
  ['open mouth', 12],
  ['closed eyes', 30],
  ['grin', 2],
  ['hatsune miku', 5],
]);
const vocabulary = [
  { name: 'smiley_face', count: 900 },
  { name: 'open_mouth', count: 5000 },
  { name: '^_^', count: 800 },
  { name: 'closed_mouth', count: 4000 },
];

describe('buildCandidates', () => {
  it('lists dataset tags by frequency, then new vocabulary tags by post count, spaced', () => {
    const names = buildCandidates(counts, vocabulary).map((c) => c.name);
    expect(names).toEqual(['smile', 'closed eyes', 'open mouth', 'hatsune miku', 'grin', 'closed mouth', 'smiley face', '^_^']);
  });
});

describe('suggest', () => {
  const candidates = buildCandidates(counts, vocabulary);
  it('puts prefix matches before substring matches', () => {
    expect(suggest(candidates, 'mou', new Set()).map((c) => c.name)).toEqual(['open mouth', 'closed mouth']);
    expect(suggest(candidates, 'smi', new Set()).map((c) => c.name)).toEqual(['smile', 'smiley face']);
    expect(suggest(candidates, 'c', new Set()).map((c) => c.name)).toEqual(['closed eyes', 'closed mouth', 'smiley face']);
  });
  it('matches underscores as spaces and ignores case', () => {
    expect(suggest(candidates, 'Open_M', new Set()).map((c) => c.name)).toEqual(['open mouth']);
  });
  it('skips tags the caption already has and respects the limit', () => {
    expect(suggest(candidates, 'smi', new Set(['smile'])).map((c) => c.name)).toEqual(['smiley face']);
    expect(suggest(candidates, 'o', new Set(), 3)).toHaveLength(3);
    expect(suggest(candidates, '  ', new Set())).toEqual([]);
  });
  // Keystroke latency is measured in `npm run bench:ui`, not asserted here (shared boxes are noisy).
  it('answers over 20,000 candidates with the limit applied', () => {
    const big = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) big.set(`tag number ${i} with words`, i % 97);
    const many = buildCandidates(big, []);
    const found = suggest(many, 'tag number 12', new Set());
    expect(found).toHaveLength(SUGGESTION_LIMIT);
    expect(found.every((c) => c.name.startsWith('tag number 12'))).toBe(true);
  });
});

describe('one tag in every spelling', () => {
  it('offers a tag once, under its most used spelling, counting every spelling', () => {
    const candidates = buildCandidates(new Map([['long_hair', 3], ['long hair', 5], ['Long Hair', 1], ['^_^', 2]]), []);
    expect(candidates.map((c) => [c.name, c.count])).toEqual([['long hair', 9], ['^_^', 2]]);
    expect(suggest(candidates, 'LONG_H', new Set()).map((c) => c.name)).toEqual(['long hair']);
  });
});
