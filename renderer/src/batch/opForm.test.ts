import { describe, expect, it } from 'vitest';
import { buildOp, emptyForm, type OpForm } from './opForm.ts';

const form = (patch: Partial<OpForm>): OpForm => ({ ...emptyForm(), ...patch });

describe('buildOp', () => {
  it('replaces a whole tag, or removes it when the replacement is empty', () => {
    expect(buildOp(form({ find: ' smile ', replace: 'grin' }))).toMatchObject({ ok: true, op: { op: 'replace', from: 'smile', to: 'grin' } });
    expect(buildOp(form({ find: 'smile' }))).toMatchObject({ ok: true, label: 'Remove "smile"' });
    expect(buildOp(form({ find: '  ' })).ok).toBe(false);
  });
  it('keeps parentheses and underscores as text', () => {
    const built = buildOp(form({ kind: 'add', tags: 'hatsune_miku_(cosplay), ^_^' }));
    expect(built).toMatchObject({ ok: true, op: { op: 'add', tags: ['hatsune_miku_(cosplay)', '^_^'], at: 'end' } });
  });
  it('reports a regex that does not compile instead of throwing', () => {
    const built = buildOp(form({ kind: 'replaceText', find: '(', regex: true }));
    expect(built).toEqual({ ok: false, message: "Unclosed '(': add a matching ')'", at: 0 });
    expect(buildOp(form({ kind: 'replaceText', find: '(', regex: false })).ok).toBe(true);
  });
  it('refuses what a linear-time engine cannot run, marking where', () => {
    expect(buildOp(form({ kind: 'replaceText', find: 'red(?= dress)', regex: true }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Lookahead/), at: 3 });
    expect(buildOp(form({ kind: 'replaceText', find: '(a)\\1', regex: true, caseSensitive: false }))).toMatchObject({ ok: false, at: 3 });
    expect(buildOp(form({ kind: 'replaceText', find: '(a+)+$', regex: true }))).toMatchObject({ ok: true });
    expect(buildOp(form({ kind: 'replaceText', find: 'a(?=b)', regex: false })).ok).toBe(true);
  });
  it('passes the text options through', () => {
    expect(buildOp(form({ kind: 'replaceText', find: 'Girl', replace: 'woman', caseSensitive: false }))).toMatchObject({
      op: { op: 'replaceText', find: 'Girl', replace: 'woman', regex: false, caseSensitive: false },
    });
  });
  it('adds at a position and dedupes the typed list', () => {
    expect(buildOp(form({ kind: 'add', tags: 'a, a, b', position: 'index', index: 2.7 }))).toMatchObject({ op: { tags: ['a', 'b'], at: 2 } });
    expect(buildOp(form({ kind: 'add', tags: ' , ' })).ok).toBe(false);
  });
  it('builds the trigger op from the words field', () => {
    expect(buildOp({ ...emptyForm(['ohwx']), kind: 'trigger' })).toMatchObject({ ok: true, op: { op: 'trigger', words: ['ohwx'] } });
  });
  it('needs nothing for sort, dedupe and underscores', () => {
    for (const kind of ['sort', 'dedupe', 'underscoresToSpaces'] as const) expect(buildOp(form({ kind })).ok).toBe(true);
  });
});
