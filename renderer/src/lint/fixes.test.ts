import { describe, expect, it } from 'vitest';
import { fixFor, lintCaptions, type LintFix } from '../../../shared/lint/index.ts';
import { DEFAULT_TAG_GROUPS, LintSettingsSchema, type LintFinding } from '../../../shared/lint/types.ts';
import { addTagFix, fixOfFinding, type FixOf } from './fixes.ts';
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

  it('a real group-missing finding names its group\'s tags, the ones the set uses first: the choice "Add tag…" offers', () => {
    // Two of three captions state a camera angle: the set's convention, so a.png is flagged.
    const missing = findings.find((f) => f.rule === 'group-missing');
    expect(missing?.images).toEqual(['a.png']);
    const group = DEFAULT_TAG_GROUPS.find((g) => g.name === 'camera angle')!.tags;
    expect(missing?.tags).toEqual(['low angle', 'from above', ...group.filter((t) => t !== 'low angle' && t !== 'from above')]);
  });

  it('offers the real mechanical fixes, on the finding’s images', () => {
    const repeated = findings.find((f) => f.rule === 'repeated-tag');
    expect(fixOfFinding(real, repeated!)).toMatchObject({ label: 'Remove repeated tags', ops: [{ op: 'dedupe' }], ids: ['a.png', 'c.png'] });
    expect(fixOfFinding(real, findings.find((f) => f.rule === 'group-missing')!)).toBeNull();
    const trigger = findings.find((f) => f.rule === 'trigger-not-first');
    expect(fixOfFinding(real, trigger!)).toMatchObject({ ops: [{ op: 'trigger', words: ['ohwx'] }], ids: ['b.png'] });
  });
});
