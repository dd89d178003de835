import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TaggerConfigSchema, type TagRule } from './config.ts';
import type { TagLabel } from './labels.ts';
import { formatTagRules, mcutThreshold, parseTagRules, selectTags, tagKey, type SelectConfig } from './select-tags.ts';

const label = (name: string, category: number): TagLabel => ({ name, category, count: 1 });

// The shape of a WD14 selected_tags.csv: four ratings first, then general and character tags.
const LABELS: TagLabel[] = [
  label('general', 9),
  label('sensitive', 9),
  label('questionable', 9),
  label('explicit', 9),
  label('1girl', 0),
  label('solo', 0),
  label('long_hair', 0),
  label('^_^', 0),
  label('hatsune_miku_(cosplay)', 0),
  label('simple_background', 0),
  label('hatsune_miku', 4),
  label('kagamine_rin', 4),
];

/** Scores by name; every other label scores 0. */
function probs(scores: Record<string, number>, labels: readonly TagLabel[] = LABELS): Float32Array {
  return Float32Array.from(labels.map((l) => scores[l.name] ?? 0));
}

const DEFAULTS: SelectConfig = TaggerConfigSchema.parse({});
const cfg = (over: Partial<SelectConfig> = {}): SelectConfig => ({ ...DEFAULTS, ...over });

const SCENE = {
  general: 0.2, sensitive: 0.7, questionable: 0.05, explicit: 0.01,
  '1girl': 0.99, solo: 0.9, long_hair: 0.6, '^_^': 0.5, 'hatsune_miku_(cosplay)': 0.4, simple_background: 0.3,
  hatsune_miku: 0.95, kagamine_rin: 0.5,
};

describe('selectTags', () => {
  it('orders by confidence with characters first, writes spaces except in kaomoji, keeps parentheses raw', () => {
    const out = selectTags(probs(SCENE), LABELS, cfg());
    expect(out.tags).toEqual(['hatsune miku', '1girl', 'solo', 'long hair', '^_^', 'hatsune miku (cosplay)']);
    expect(out.rating).toBe('sensitive');
    expect(out.scored.map((s) => s.name)).toEqual(out.tags);
    // Float32 scores, as the model hands them over.
    expect(out.scored[0]).toEqual({ name: 'hatsune miku', score: Math.fround(0.95), category: 4 });
  });

  it('without characterFirst, characters take their place by score', () => {
    expect(selectTags(probs(SCENE), LABELS, cfg({ characterFirst: false })).tags).toEqual([
      '1girl', 'hatsune miku', 'solo', 'long hair', '^_^', 'hatsune miku (cosplay)',
    ]);
  });

  it('keeps underscores when asked', () => {
    expect(selectTags(probs(SCENE), LABELS, cfg({ keepUnderscores: true })).tags).toContain('hatsune_miku_(cosplay)');
  });

  it('thresholds are strictly greater', () => {
    const labels = [label('a', 0), label('b', 0), label('c', 4), label('d', 4)];
    const scores = [0.5, 0.5000001, 0.85, 0.8500001];
    const out = selectTags(scores, labels, cfg({ general: 0.5, character: 0.85 }));
    expect(out.tags).toEqual(['d', 'b']);
  });

  it('adds the most likely rating first, where kohya puts it, and reports it either way', () => {
    expect(selectTags(probs(SCENE), LABELS, cfg({ rating: true })).tags.slice(0, 2)).toEqual(['sensitive', 'hatsune miku']);
    expect(selectTags(probs({ explicit: 0.6, general: 0.3 }), LABELS, cfg())).toEqual({ tags: [], rating: 'explicit', scored: [] });
    expect(selectTags([0.9], [label('1girl', 0)], cfg({ rating: true })).rating).toBeNull();
  });

  it('excludes and maps tags with or without underscores, in any case', () => {
    const out = selectTags(
      probs(SCENE),
      LABELS,
      cfg({
        exclude: ['Long Hair', 'kagamine_rin'],
        rules: [
          { from: '1girl', to: 'woman' },
          { from: 'simple background', to: '' },
          { from: 'SOLO', to: 'alone, single' },
          { from: '^_^', to: 'smile' },
        ],
        general: 0.2,
        character: 0.4,
      }),
    );
    expect(out.tags).toEqual(['hatsune miku', 'woman', 'alone', 'single', 'smile', 'hatsune miku (cosplay)']);
    expect(out.scored.find((s) => s.name === 'single')).toMatchObject({ score: Math.fround(0.9), category: 0 });
  });

  it('drops repeats: two tags mapped to one keep the first, higher-scored place', () => {
    const out = selectTags(
      probs(SCENE),
      LABELS,
      cfg({ rules: [{ from: 'long_hair', to: 'woman' }, { from: '1girl', to: 'Woman' }, { from: 'solo', to: 'long hair' }] }),
    );
    expect(out.tags).toEqual(['hatsune miku', 'Woman', 'long hair', '^_^', 'hatsune miku (cosplay)']);
  });

  it('the first rule for a tag wins; a rule applies once and never to another rule\'s output', () => {
    const out = selectTags(probs({ '1girl': 0.9 }), LABELS, cfg({
      rules: [{ from: '1girl', to: 'solo' }, { from: '1girl', to: 'x' }, { from: 'solo', to: 'y' }],
    }));
    expect(out.tags).toEqual(['solo']);
  });

  it('excludes what a rule produces as well', () => {
    const out = selectTags(probs({ '1girl': 0.9 }), LABELS, cfg({ rules: [{ from: '1girl', to: 'woman, adult' }], exclude: ['woman'] }));
    expect(out.tags).toEqual(['adult']);
  });

  it('ignores nameless rows, non-finite scores and outputs past either list', () => {
    const labels = [label('', 0), label('a', 0), label('b', 0), label('c', 0)];
    expect(selectTags([0.9, NaN, 0.8], labels, cfg()).tags).toEqual(['b']);
    expect(selectTags([0.9, 0.9, 0.9, 0.9, 0.9], labels.slice(0, 2), cfg()).tags).toEqual(['a']);
  });

  it('MCut thresholds each category at its largest gap; the character threshold stays at 0.15 or more', () => {
    const labels = [label('a', 0), label('b', 0), label('c', 0), label('d', 0), label('x', 4), label('y', 4), label('z', 4)];
    // General gaps 0.1, 0.5, 0.1: the cut falls at 0.55. Characters 0.12, 0.05, 0.01: MCut says 0.085, the floor 0.15.
    expect(selectTags([0.9, 0.8, 0.3, 0.2, 0.12, 0.05, 0.01], labels, cfg({ mcut: true })).tags).toEqual(['a', 'b']);
    // Characters 0.9, 0.2, 0.1: the cut falls at 0.55, below the fixed 0.85.
    expect(selectTags([0.9, 0.8, 0.3, 0.2, 0.6, 0.2, 0.1], labels, cfg({ mcut: true })).tags).toEqual(['x', 'a', 'b']);
    // One character score has no gap: the fixed threshold applies.
    expect(selectTags([0.9, 0.8, 0.6], [label('a', 0), label('b', 0), label('x', 4)], cfg({ mcut: true })).tags).toEqual(['a']);
  });
});

describe('mcutThreshold', () => {
  it('is the midpoint of the widest gap, the first one on a tie, and null without a gap', () => {
    expect(mcutThreshold([0.2, 0.9, 0.3, 0.8])).toBeCloseTo(0.55);
    expect(mcutThreshold([1, 0.75, 0.5])).toBe(0.875);
    expect(mcutThreshold([0.5])).toBeNull();
    expect(mcutThreshold([])).toBeNull();
  });

  it('splits the scores at a widest gap', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 30 }), (scores) => {
        const t = mcutThreshold(scores)!;
        const sorted = [...scores].sort((a, b) => b - a);
        const widest = Math.max(...sorted.slice(1).map((s, i) => sorted[i]! - s));
        const above = scores.filter((s) => s > t);
        const below = scores.filter((s) => s <= t);
        if (widest === 0) return; // all equal: nothing to split
        expect(above.length).toBeGreaterThan(0);
        expect(below.length).toBeGreaterThan(0);
        expect(Math.min(...above) - Math.max(...below)).toBeCloseTo(widest, 12);
      }),
    );
  });
});

describe('selectTags properties', () => {
  const NAMES = ['1girl', 'solo', 'long_hair', 'Long hair', '^_^', 'x_x', 'hatsune_miku_(cosplay)', 'smile', 'a b', 'A_B'];
  const labelsArb = fc.array(fc.record({ name: fc.constantFrom(...NAMES, ''), category: fc.constantFrom(0, 4, 9, 1) }), { maxLength: 14 })
    .map((ls) => ls.map((l) => ({ ...l, count: 0 })));
  const scoresArb = (n: number) => fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.35, 0.85, NaN)), { minLength: n, maxLength: n });
  const cfgArb = fc.record({
    general: fc.constantFrom(0.35, 0.2, 0.6),
    character: fc.constantFrom(0.85, 0.5),
    mcut: fc.boolean(),
    rating: fc.boolean(),
    characterFirst: fc.boolean(),
    keepUnderscores: fc.boolean(),
    exclude: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
    rules: fc.array(fc.record({ from: fc.constantFrom(...NAMES), to: fc.constantFrom('', 'woman', 'smile', 'x, y', 'Long_hair') }), { maxLength: 3 }),
  });
  const input = labelsArb.chain((labels) => fc.tuple(fc.constant(labels), scoresArb(labels.length), cfgArb));

  it('no repeats, no excluded tag, scored lines up with tags, kaomoji and parentheses kept', () => {
    fc.assert(
      fc.property(input, ([labels, scores, c]) => {
        const out = selectTags(scores, labels, c);
        const keys = out.tags.map(tagKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(c.exclude.map(tagKey)).not.toContain(k);
        expect(out.scored.map((s) => s.name)).toEqual(out.tags);
        for (const t of out.tags) expect(t).toBe(t.trim());
        if (!c.keepUnderscores && c.rules.length === 0) for (const t of out.tags) if (t.includes('_')) expect(['^_^', 'x_x']).toContain(t);
      }),
    );
  });

  it('without rules or exclusions: exactly the tags above the threshold, by score, characters first', () => {
    fc.assert(
      fc.property(input, ([labels, scores, c]) => {
        const plain = { ...c, mcut: false, rating: false, exclude: [], rules: [], keepUnderscores: true };
        const out = selectTags(scores, labels, plain);
        const expected = new Set<string>();
        labels.forEach((l, i) => {
          const at = l.category === 0 ? plain.general : l.category === 4 ? plain.character : Infinity;
          if (l.name !== '' && scores[i]! > at) expected.add(tagKey(l.name));
        });
        expect(new Set(out.tags.map(tagKey))).toEqual(expected);
        for (let i = 1; i < out.scored.length; i++) {
          const [a, b] = [out.scored[i - 1]!, out.scored[i]!];
          if (plain.characterFirst && a.category !== b.category) expect([a.category, b.category]).toEqual([4, 0]);
          else expect(a.score).toBeGreaterThanOrEqual(b.score);
        }
      }),
    );
  });
});

describe('parseTagRules / formatTagRules', () => {
  it('reads one rule a line, skipping comments and blank lines', () => {
    const text = ['# my rules', '1girl -> woman', '', '  simple_background ->  ', 'solo->alone, single', '\\#compass -> compass', 'a-\\>b -> c'].join('\r\n');
    expect(parseTagRules(text)).toEqual({
      ok: true,
      value: [
        { from: '1girl', to: 'woman' },
        { from: 'simple_background', to: '' },
        { from: 'solo', to: 'alone, single' },
        { from: '#compass', to: 'compass' },
        { from: 'a->b', to: 'c' },
      ],
    });
  });

  it.each([
    ['1girl -> woman\nsolo', 'line 2: expected "tag -> replacement", got "solo"'],
    ['# c\n\n -> woman', 'line 3: no tag before "->"'],
    ['long_hair -> a\nLong hair -> b', 'line 2: "Long hair" already has a rule on line 1'],
  ])('%j fails: %s', (text, message) => {
    expect(parseTagRules(text)).toEqual({ ok: false, error: { kind: 'tag-rule-syntax', message } });
  });

  it('writes the text form', () => {
    expect(formatTagRules([{ from: '1girl', to: 'woman' }, { from: 'simple background', to: '' }, { from: '#compass', to: 'a->b' }])).toBe(
      '1girl -> woman\nsimple background ->\n\\#compass -> a-\\>b',
    );
  });

  it('round-trips any set of one-line rules', () => {
    const side = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.array(fc.constantFrom('#', '-', '>', '\\', '->', ' ', 'a', '_', '(', ')', ','), { maxLength: 8 }).map((p) => p.join('')),
    ).map((s) => s.replace(/[\r\n]/g, ' ').trim());
    const rules = fc.uniqueArray(
      fc.record({ from: side.filter((s) => s !== ''), to: side }),
      { selector: (r: TagRule) => tagKey(r.from), maxLength: 6 },
    );
    fc.assert(
      fc.property(rules, (rs) => {
        expect(parseTagRules(formatTagRules(rs))).toEqual({ ok: true, value: rs });
      }),
    );
  });
});
