import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffWords } from './diff.ts';

const changedText = (segs: { text: string; changed: boolean }[]) => segs.filter((s) => s.changed).map((s) => s.text.trim()).filter(Boolean);

describe('diffWords', () => {
  it('marks the replaced tag on both sides', () => {
    const d = diffWords('1girl, smile, solo', '1girl, grin, solo');
    expect(changedText(d.before)).toEqual(['smile']);
    expect(changedText(d.after)).toEqual(['grin']);
  });
  it('marks an inserted trigger word only on the after side', () => {
    const d = diffWords('1girl, solo', 'ohwx, 1girl, solo');
    expect(changedText(d.before)).toEqual([]);
    expect(changedText(d.after).join('')).toContain('ohwx');
  });
  it('reassembles both texts exactly', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = diffWords(a, b);
        expect(d.before.map((s) => s.text).join('')).toBe(a);
        expect(d.after.map((s) => s.text).join('')).toBe(b);
      }),
    );
  });
  it('marks identical texts unchanged', () => {
    expect(diffWords('a b, c', 'a b, c').after.every((s) => !s.changed)).toBe(true);
  });
});
