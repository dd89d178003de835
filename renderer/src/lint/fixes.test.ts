import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { fixFor, lintCaptions, type LintFix } from '../../../shared/lint/index.ts';
import { DEFAULT_TAG_GROUPS, LintSettingsSchema, type LintFinding } from '../../../shared/lint/types.ts';
import { addTagFix, fixOfFinding, missingGroups, type FixOf } from './fixes.ts';
import { finding } from './test-report.ts';

// A fixer of the shared fixFor's shape: dedupe for repeated tags, nothing else.
const fixOf: FixOf = (f: LintFinding): LintFix | null =>
  f.rule === 'repeated-tag' ? { label: 'Remove repeated tags', ops: [{ op: 'dedupe' }], ids: f.images } : null;

describe('finding fixes', () => {
  it('passes a fix through, and drops one that would do nothing or throws', () => {
    expect(fixOfFinding(fixOf, finding('repeated-tag', ['a.png']))?.label).toBe('Remove repeated tags');
    expect(fixOfFinding(fixOf, finding('identical', ['a.png', 'b.png']))).toBeNull();
    expect(fixOfFinding(() => ({ label: 'x', ops: [], ids: ['a.png'] }), finding('empty', ['a.png']))).toBeNull();
    expect(fixOfFinding(() => ({ label: 'x', ops: [{ op: 'dedupe' }], ids: [] }), finding('empty', ['a.png']))).toBeNull();
    expect(
      fixOfFinding(() => {
        throw new Error('not yet');
      }, finding('empty', ['a.png'])),
    ).toBeNull();
  });
});

describe('missing group tags', () => {
  const docs = {
    'a.png': parseCaption('ohwx, standing, full body'),
    'b.png': parseCaption('ohwx, sitting, Full_Body'),
    'c.png': parseCaption('ohwx, low_angle, standing'),
    'd.png': null,
  };
  const names = (f: LintFinding) => missingGroups(f, docs, DEFAULT_TAG_GROUPS).map((g) => g.name);

  it('finds the required groups none of the images has a tag of, underscores and case aside', () => {
    expect(names(finding('group-missing', ['a.png', 'b.png'], 'warning', 'no tag of a required group'))).toEqual(['camera angle']);
    expect(names(finding('group-missing', ['c.png'], 'warning', 'x'))).toEqual(['framing']);
  });

  it('puts the group the message names first', () => {
    const docsNone = { 'e.png': parseCaption('ohwx, smile') };
    const f = finding('group-missing', ['e.png'], 'warning', 'No framing tag (close-up, upper body…)');
    expect(missingGroups(f, docsNone, DEFAULT_TAG_GROUPS).map((g) => g.name)).toEqual(['framing', 'camera angle', 'pose']);
  });

  it('falls back to the named group, else every required one, once nothing is missing any more', () => {
    const fixed = finding('group-missing', ['a.png'], 'warning', 'No pose tag');
    expect(missingGroups(fixed, { 'a.png': parseCaption('standing, full body, low angle') }, DEFAULT_TAG_GROUPS).map((g) => g.name)).toEqual(['pose']);
    expect(names(finding('group-missing', ['d.png'], 'warning', 'missing'))).toEqual(['camera angle', 'pose', 'framing']);
    const optional = DEFAULT_TAG_GROUPS.map((g) => ({ ...g, required: g.name !== 'pose' }));
    expect(missingGroups(finding('group-missing', ['d.png'], 'warning', 'x'), docs, optional).map((g) => g.name)).toEqual(['camera angle', 'framing']);
  });

  it('adds the chosen tag with one add op', () => {
    expect(addTagFix('low angle', ['a.png', 'b.png'])).toEqual({ label: 'Add "low angle"', ops: [{ op: 'add', tags: ['low angle'], at: 'end' }], ids: ['a.png', 'b.png'] });
  });
});

describe('with the shared lint rules and fixes', () => {
  const captions: Record<string, string> = {
    'a.png': 'ohwx, standing, full body, smile, smile',
    'b.png': 'standing, ohwx, upper body, low angle',
    'c.png': 'ohwx, sitting, close-up, from above, smile, smile',
  };
  const { findings } = lintCaptions({
    items: Object.entries(captions).map(([id, caption]) => ({ id, caption })),
    settings: LintSettingsSchema.parse({}),
    triggerWords: ['ohwx'],
    sentences: 0,
    countTokens: () => 10,
  });
  const real: FixOf = (f) => fixFor(f, { triggerWords: ['ohwx'] });

  it('finds the group a real group-missing finding is about', () => {
    const missing = findings.find((f) => f.rule === 'group-missing');
    expect(missing?.images).toEqual(['a.png']);
    const docs = Object.fromEntries(Object.entries(captions).map(([id, c]) => [id, parseCaption(c)]));
    expect(missingGroups(missing!, docs, DEFAULT_TAG_GROUPS)[0]?.name).toBe('camera angle');
  });

  it('offers the real mechanical fixes, on the finding’s images', () => {
    const repeated = findings.find((f) => f.rule === 'repeated-tag');
    expect(fixOfFinding(real, repeated!)).toMatchObject({ label: 'Remove repeated tags', ops: [{ op: 'dedupe' }], ids: ['a.png', 'c.png'] });
    expect(fixOfFinding(real, findings.find((f) => f.rule === 'group-missing')!)).toBeNull();
    const trigger = findings.find((f) => f.rule === 'trigger-not-first');
    expect(fixOfFinding(real, trigger!)).toMatchObject({ ops: [{ op: 'trigger', words: ['ohwx'] }], ids: ['b.png'] });
  });
});
