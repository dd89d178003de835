import { describe, expect, it } from 'vitest';
import { parseCaption, serializeCaption } from '../caption/index.ts';
import { applyOps } from '../tags/index.ts';
import { fixFor } from './fix.ts';
import { RULE_IDS, type LintFinding, type RuleId } from './types.ts';
import { findingsOf, idOf, lintTexts } from './testing/lint-texts.ts';

const finding = (rule: RuleId, images = ['a.png']): LintFinding => ({ rule, severity: 'warning', images, message: '' });

/** Applies a finding's fix to the captions it names, as the batch edit would, and lints again. */
function fixAndRelint(captions: (string | null)[], rule: RuleId, triggerWords: string[] = []) {
  const before = findingsOf(lintTexts(captions, { triggerWords }), rule);
  expect(before).toHaveLength(1);
  const fix = fixFor(before[0]!, { triggerWords })!;
  const fixed = captions.map((text, i) => {
    if (text === null || !fix.ids.includes(idOf(i))) return text;
    return serializeCaption(applyOps(parseCaption(text), fix.ops, { triggerWords, frequencies: new Map(), separator: ', ' }));
  });
  return { fix, fixed, after: findingsOf(lintTexts(fixed, { triggerWords }), rule) };
}

describe('fixFor', () => {
  it('offers the mechanical fixes, on the images of the finding', () => {
    expect(fixFor(finding('repeated-tag', ['a.png', 'c.png']), { triggerWords: [] })).toEqual({
      label: 'Remove repeated tags',
      ops: [{ op: 'dedupe' }],
      ids: ['a.png', 'c.png'],
    });
    expect(fixFor(finding('trigger-missing'), { triggerWords: [' ohwx ', 'sks', 'ohwx'] })).toEqual({
      label: "Add 'ohwx' and 'sks' to the front",
      ops: [{ op: 'trigger', words: ['ohwx', 'sks'] }],
      ids: ['a.png'],
    });
    expect(fixFor(finding('trigger-not-first'), { triggerWords: ['ohwx'] })?.label).toBe("Move 'ohwx' to the front");
    // Without a tag list (an older report) the fix falls back to every underscore tag of the captions.
    expect(fixFor(finding('underscore-mix'), { triggerWords: [] })?.ops).toEqual([{ op: 'underscoresToSpaces' }]);
    expect(fixFor({ ...finding('underscore-mix'), tags: ['long_hair'] }, { triggerWords: [] })).toEqual({
      label: "Write 'long_hair' with spaces",
      ops: [{ op: 'replace', from: 'long_hair', to: 'long hair' }],
      ids: ['a.png'],
    });
  });

  it('offers nothing where a person must choose, without trigger words, or without images', () => {
    const mechanical = new Set<RuleId>(['repeated-tag', 'trigger-missing', 'trigger-not-first', 'underscore-mix']);
    for (const rule of RULE_IDS.filter((r) => !mechanical.has(r))) expect(fixFor(finding(rule), { triggerWords: ['ohwx'] })).toBeNull();
    expect(fixFor(finding('trigger-missing'), { triggerWords: [] })).toBeNull();
    expect(fixFor(finding('repeated-tag', []), { triggerWords: [] })).toBeNull();
  });

  it('dedupe clears repeated-tag', () => {
    const { after, fixed } = fixAndRelint(['a, b, a', 'c', 'x, x. She sits.'], 'repeated-tag');
    expect(after).toEqual([]);
    expect(fixed).toEqual(['a, b', 'c', 'x. She sits.']);
  });

  it('the trigger op clears trigger-missing and trigger-not-first', () => {
    expect(fixAndRelint(['ohwx, a', 'b, c', 'd'], 'trigger-missing', ['ohwx']).after).toEqual([]);
    const { after, fixed } = fixAndRelint(['ohwx, a', 'b, ohwx, c'], 'trigger-not-first', ['ohwx']);
    expect(after).toEqual([]);
    expect(fixed[1]).toBe('ohwx, b, c');
  });

  it('rewrites only the mixed spellings: kaomoji and consistently underscored tags stay', () => {
    const { after, fixed } = fixAndRelint(['long_hair, ^_^, hatsune_miku_(cosplay)', 'long hair', 'hatsune_miku_(cosplay)'], 'underscore-mix');
    expect(after).toEqual([]);
    expect(fixed[0]).toBe('long hair, ^_^, hatsune_miku_(cosplay)');
  });
});
