import { describe, expect, it } from 'vitest';
import { fileName, folderOf } from '../../../shared/contract/ids.ts';
import { badgesFor, firstLineOf } from './badges.ts';

const img = (caption: string | null, captionError?: string) => ({ id: 'a.png', captionPath: 'a.txt', caption, ...(captionError ? { captionError } : {}) });
const kinds = (...args: Parameters<typeof badgesFor>) => badgesFor(...args).map((b) => b.kind);

describe('grid badges', () => {
  it('flags missing and blank captions, judged by line 1', () => {
    expect(kinds(img(null), undefined)).toEqual(['uncaptioned']);
    expect(kinds(img('\uFEFF  \nsecond line'), undefined)).toEqual(['uncaptioned']);
    expect(kinds(img('1girl'), undefined)).toEqual([]);
  });

  it('follows the draft: unsaved, saving, conflict, error', () => {
    expect(kinds(img(null), { base: null, text: 'smile', status: 'dirty' })).toEqual(['unsaved']);
    expect(badgesFor(img('a'), { base: 'a', text: 'b', status: 'saving' })[0]?.text).toBe('Saving');
    expect(kinds(img('a'), { base: 'a', text: '', status: 'conflict', theirs: 'c' })).toEqual(['conflict', 'uncaptioned']);
    expect(badgesFor(img('a'), { base: 'a', text: 'b', status: 'error', error: 'disk full' })[0]).toMatchObject({ kind: 'error', detail: 'disk full' });
    expect(kinds(img(null, 'not valid UTF-8'), undefined)).toEqual(['error', 'uncaptioned']);
  });

  it('marks images the auto-caption job works on or failed on', () => {
    const failure = { id: 'a.png', stage: 'describe' as const, message: 'timed out' };
    expect(kinds(img(null), undefined, { working: true, failure: undefined })).toEqual(['working', 'uncaptioned']);
    expect(badgesFor(img('a'), undefined, { working: false, failure })).toEqual([{ kind: 'failed', text: 'Failed', detail: 'Describing failed: timed out' }]);
    expect(kinds(img('a'), { base: 'a', text: 'b', status: 'conflict' }, { working: true, failure })).toEqual(['conflict', 'failed', 'working']);
    expect(kinds(img('a'), undefined, { working: false, failure: undefined })).toEqual([]);
  });

  it('adds a lint badge, last, coloured by the most serious finding and naming the rules', () => {
    const mark = { severity: 'warning' as const, rules: ['Identical captions', 'Repeated tags'] };
    expect(badgesFor(img('a'), undefined, undefined, mark)).toEqual([{ kind: 'lint', text: 'Lint', detail: 'Identical captions, Repeated tags', severity: 'warning' }]);
    expect(kinds(img(null), { base: null, text: 'x', status: 'conflict' }, undefined, mark)).toEqual(['conflict', 'lint']);
    expect(kinds(img('a'), undefined, undefined, { severity: 'info', rules: [] })).toEqual([]);
    expect(badgesFor(img('a'), undefined)[0]?.severity).toBeUndefined();
  });

  it('splits ids into file and folder', () => {
    expect(fileName('10_x y/sub/a.png')).toBe('a.png');
    expect(folderOf('10_x y/sub/a.png')).toBe('10_x y/sub');
    expect(folderOf('a.png')).toBe('');
    expect(firstLineOf('\uFEFFa, b\r\nc')).toBe('a, b');
  });
});

describe('review badge', () => {
  it('shows a quiet "Reviewed" last, after every badge that asks for attention', () => {
    expect(badgesFor(img('a'), undefined, undefined, undefined, true)).toEqual([{ kind: 'reviewed', text: 'Reviewed', detail: 'Marked reviewed' }]);
    const mark = { severity: 'error' as const, rules: ['Empty caption'] };
    expect(kinds(img(null), { base: null, text: '', status: 'dirty' }, { working: false, failure: undefined }, mark, true)).toEqual(['unsaved', 'uncaptioned', 'lint', 'reviewed']);
    expect(kinds(img('a'), undefined, undefined, undefined, false)).toEqual([]);
    expect(kinds(img('a'), undefined)).toEqual([]);
  });
});

describe('trigger-only badge', () => {
  it('flags a caption holding only the trigger words, never an uncaptioned or a real one', () => {
    const image = (caption: string | null) => ({ id: 'a.png', captionPath: 'a.txt', caption }) as never;
    const kinds = (caption: string | null) => badgesFor(image(caption), undefined, undefined, undefined, false, ['ohwx']).map((b) => b.kind);
    expect(kinds('ohwx')).toEqual(['trigger-only']);
    expect(kinds('ohwx, smile')).toEqual([]);
    expect(kinds(null)).toEqual(['uncaptioned']);
    expect(badgesFor(image('ohwx'), undefined).map((b) => b.kind)).toEqual([]);
  });
});
