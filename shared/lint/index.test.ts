import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateClipTokens } from '../clip/estimate.ts';
import { lintCaptions, type LintInput, type LintItem } from './index.ts';
import { LintFindingSchema, LintSettingsSchema, RULE_IDS, SEVERITIES, type RuleId } from './types.ts';
import { realisticDataset, SENTENCES, TRIGGER, variedDataset } from './testing/generated-captions.ts';

const settings = LintSettingsSchema.parse({});

function input(items: LintItem[], extra: Partial<LintInput> = {}): LintInput {
  return { items, settings, triggerWords: [TRIGGER], sentences: SENTENCES, countTokens: estimateClipTokens, ...extra };
}

/** Findings as comparable values, independent of message wording and of dataset order. */
function findingSet(result: ReturnType<typeof lintCaptions>): string[] {
  return result.findings.map((f) => `${f.rule}|${f.severity}|${[...f.images].sort().join(',')}`).sort();
}

describe('lintCaptions on generated datasets', () => {
  it('finds nothing at all on a clean, varied set of 200 captions', () => {
    const result = lintCaptions(input(variedDataset(200)));
    expect(result.findings).toEqual([]);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
    expect(result.summary.verdict).toMatch(/^healthy: /);
    expect(result.summary.uniqueTagSets).toBe(1);
  });

  it('finds the defects a realistic set has, and only those', () => {
    const { items, sameImages } = realisticDataset(1000);
    const result = lintCaptions(input(items, { sameImages }));
    const rules = new Set(result.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual(
      ['duplicate-image', 'empty', 'filler', 'group-missing', 'identical', 'near-duplicate', 'repeated-tag', 'trigger-missing', 'trigger-not-first', 'underscore-mix'],
    );
    const ids = (pick: (i: number) => boolean) => items.filter((_, i) => pick(i)).map((it) => it.id);
    expect(result.findings.find((f) => f.rule === 'empty')?.images).toEqual(ids((i) => i % 211 === 210));
    expect(result.findings.find((f) => f.rule === 'trigger-missing')?.images).toEqual(expect.arrayContaining(ids((i) => i % 97 === 96 && i % 40 !== 39 && i % 53 !== 52 && i % 211 !== 210)));
    expect(result.findings.filter((f) => f.rule === 'identical').map((f) => f.images)).toContainEqual(ids((i) => i === 38 || i === 39));
  });
});

describe('lintCaptions contract', () => {
  const texts = [
    'ohwx, 1girl, standing, low angle, full body, smile, smile',
    '1girl, sitting, standing. There is a girl.',
    null,
    'ohwx, long_hair, 1girl, standing, low angle, full body',
    'ohwx, long hair, 1girl, standing, low angle, full body',
  ];
  const items = texts.map((caption, i) => ({ id: `img${i}.png`, caption }));

  it('sorts findings by severity, then rule order, and lists images in dataset order', () => {
    const { findings } = lintCaptions(input(items));
    for (const f of findings) LintFindingSchema.parse(f);
    const rank = findings.map((f) => [SEVERITIES.indexOf(f.severity), RULE_IDS.indexOf(f.rule)] as const);
    expect(rank).toEqual([...rank].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(findings[0]).toMatchObject({ rule: 'trigger-missing', severity: 'error', images: ['img1.png'] });
  });

  it('counts images concerned per rule, each once, with every rule id present', () => {
    const { counts, findings } = lintCaptions(input(items));
    expect(Object.keys(counts).sort()).toEqual([...RULE_IDS].sort());
    for (const rule of RULE_IDS) {
      expect(counts[rule]).toBe(new Set(findings.filter((f) => f.rule === rule).flatMap((f) => f.images)).size);
    }
    // img1 has no camera angle and no framing tag: two findings, one image.
    expect(counts['group-missing']).toBe(1);
  });

  it('does not compute disabled rules', () => {
    const all = lintCaptions(input(items, { settings: { ...settings, disabled: [...RULE_IDS] } }));
    expect(all.findings).toEqual([]);
    expect(Object.values(all.counts).every((n) => n === 0)).toBe(true);
    expect(all.summary.captioned).toBe(4);

    const disabled: RuleId[] = ['trigger-missing', 'group-missing'];
    const some = lintCaptions(input(items, { settings: { ...settings, disabled } }));
    expect(some.findings.some((f) => disabled.includes(f.rule))).toBe(false);
    expect(some.findings.length).toBeGreaterThan(0);
    const calls: string[] = [];
    lintCaptions(input(items, { settings: { ...settings, disabled: ['clip-budget'] }, countTokens: (l) => (calls.push(l), 0) }));
    expect(calls).toEqual([]);
  });
});

// Captions from a small pool of parts, so duplicates, near-duplicates, groups and defects all occur.
const TAG_POOL = ['ohwx', '1girl', 'solo', 'standing', 'sitting', 'low angle', 'from above', 'full body', 'close-up', 'long_hair', 'long hair', 'red dress', 'smile', 'Smile', '^_^'];
const PROSE_POOL = ['', 'She sits.', 'There is a cat. It sleeps.', 'She sits on a bench. Rain falls. A dog barks.', 'She looks like a doll.'];
const captionArb = fc.option(
  fc.tuple(fc.array(fc.constantFrom(...TAG_POOL), { maxLength: 8 }), fc.constantFrom(...PROSE_POOL)).map(([tags, prose]) =>
    [tags.join(', '), prose].filter((p) => p !== '').join('. '),
  ),
  { freq: 8 },
);
const itemsArb = fc.array(captionArb, { minLength: 1, maxLength: 30 }).map((captions) => captions.map((caption, i) => ({ id: `i${i}.png`, caption })));
const extraArb = fc.record({ triggerWords: fc.constantFrom([], ['ohwx']), nearDuplicate: fc.constantFrom(0.5, 0.75, 0.9, 1) });

describe('lintCaptions properties', () => {
  it('reports the same findings whatever the order of the images', () => {
    fc.assert(
      fc.property(itemsArb, extraArb, fc.infiniteStream(fc.nat()), (items, extra, seeds) => {
        const sameImages = items.length >= 3 ? [[items[0]!.id, items[2]!.id]] : [];
        const shuffled = items.map((item) => ({ item, key: seeds.next().value })).sort((a, b) => a.key - b.key).map((x) => x.item);
        const run = (list: LintItem[]) =>
          lintCaptions(input(list, { sameImages, triggerWords: extra.triggerWords, settings: { ...settings, nearDuplicate: extra.nearDuplicate } }));
        const a = run(items);
        const b = run(shuffled);
        expect(findingSet(b)).toEqual(findingSet(a));
        expect(b.counts).toEqual(a.counts);
      }),
      { numRuns: 150 },
    );
  });

  it('always reports a copy of a caption, even with its tags reordered, as identical', () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.array(fc.constantFrom(...TAG_POOL), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...PROSE_POOL),
        fc.nat(),
        fc.nat(),
        (items, tags, prose, at1, at2) => {
          const text = (t: string[]) => [t.join(', '), prose].filter((p) => p !== '').join('. ');
          const list = [...items];
          list.splice(at1 % (list.length + 1), 0, { id: 'first.png', caption: text(tags) });
          list.splice(at2 % (list.length + 1), 0, { id: 'copy.png', caption: text([...tags].reverse()) });
          const { findings } = lintCaptions(input(list, { triggerWords: [] }));
          expect(findings.some((f) => f.rule === 'identical' && f.images.includes('first.png') && f.images.includes('copy.png'))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps its contract on any input: known ids in dataset order, valid findings, exact counts', () => {
    fc.assert(
      fc.property(itemsArb, extraArb, (items, extra) => {
        const result = lintCaptions(input(items, { triggerWords: extra.triggerWords }));
        const position = new Map(items.map((it, i) => [it.id, i]));
        for (const f of result.findings) {
          LintFindingSchema.parse(f);
          const at = f.images.map((id) => position.get(id)!);
          expect(at.every((p) => p !== undefined)).toBe(true);
          expect(at).toEqual([...new Set(at)].sort((x, y) => x - y));
          expect(f.images.length).toBeGreaterThan(0);
        }
        for (const rule of RULE_IDS) {
          expect(result.counts[rule]).toBe(new Set(result.findings.filter((f) => f.rule === rule).flatMap((f) => f.images)).size);
        }
        expect(result.summary.meanSimilarity).toBeGreaterThanOrEqual(0);
        expect(result.summary.meanSimilarity).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });
});
