import { describe, expect, it } from 'vitest';
import { CaptionIndex } from './caption-index.ts';
import { captionPathProblem, checkChanges, type PathRules } from './change-checks.ts';
import type { ScanResult } from './scan.ts';

const root = '/data/set';
const image = (relPath: string) => ({ relPath, captionRelPath: relPath.replace(/\.[^.]+$/, '.txt'), captionExists: true, captionIsSymlink: false });
const scan: ScanResult = { images: [image('a.png'), image('sub/b.jpg'), image('odd\\name.png')], orphanCaptions: ['orphan.txt'], ambiguous: [], skipped: [], tempFiles: [] };

function rules(anyCaptionExtension = false): PathRules {
  const { index } = CaptionIndex.fromScan(scan, '.txt');
  index.setCaption('a.txt', { text: 'x', size: 1, mtimeMs: 1 });
  index.setCaption('sub/b.txt', null, { kind: 'invalid-utf8', message: 'sub/b.txt: not valid UTF-8' });
  return { index, captionExtension: '.txt', anyCaptionExtension };
}

describe('captionPathProblem', () => {
  it('accepts the caption files the index lists, and new captions inside the root', () => {
    for (const rel of ['a.txt', 'sub/b.txt', 'orphan.txt', 'new.txt', 'sub/new.txt']) expect(captionPathProblem(root, rel, rules()), rel).toBeNull();
  });

  it('refuses every path outside, hidden, with a backslash or not a caption, whether or not the index lists it', () => {
    const r = rules();
    // Listed by the index (a POSIX file name may hold a backslash, which Windows reads as a separator).
    expect(r.index.caption('odd\\name.txt')).toBeDefined();
    const cases: Array<[unknown, RegExp]> = [
      ['odd\\name.txt', /not a relative path inside/],
      ['../x.txt', /not a relative path inside/],
      ['sub/../../x.txt', /not a relative path inside/],
      ['/etc/x.txt', /not a relative path inside/],
      ['C:/x.txt', /not a relative path inside/],
      ['', /not a relative path inside/],
      [42, /not a relative path inside/],
      ['a.txt\0', /not a relative path inside/],
      ['.tagsmith/settings.txt', /is hidden/],
      ['sub/.x.txt', /is hidden/],
      ['a.png', /not a caption file \(expected \.txt\)/],
      ['a.caption', /not a caption file \(expected \.txt\)/],
    ];
    for (const [rel, why] of cases) expect(captionPathProblem(root, rel, r)?.message, String(rel)).toMatch(why);
  });

  it('takes every caption extension when told to (the trainer check renames .caption files)', () => {
    expect(captionPathProblem(root, 'a.caption', rules(true))).toBeNull();
    expect(captionPathProblem(root, 'a.png', rules(true))?.message).toMatch(/expected \.txt or \.caption/);
  });
});

describe('checkChanges', () => {
  it('keeps the changes that write something, and reports captions that are never rewritten', async () => {
    const r = await checkChanges(root, [
      { captionRelPath: 'a.txt', before: 'x', after: 'y' },
      { captionRelPath: 'orphan.txt', before: 'same', after: 'same' },
      { captionRelPath: 'sub/b.txt', before: null, after: 'z' },
      { captionRelPath: 'new.txt', before: null, after: 'n', requires: 'a.txt' },
    ], rules());
    expect(r).toEqual({
      ok: true,
      value: {
        wanted: [{ path: 'a.txt', source: 'x', target: 'y' }, { path: 'new.txt', source: null, target: 'n' }],
        conflicts: [{ path: 'sub/b.txt', reason: 'sub/b.txt: not valid UTF-8; it is never rewritten' }],
        requires: new Map([['new.txt', 'a.txt']]),
      },
    });
  });

  it('refuses the whole edit for one bad change', async () => {
    const bad = async (changes: Parameters<typeof checkChanges>[1]) => {
      const r = await checkChanges(root, changes, rules());
      return r.ok ? null : r.error.message;
    };
    expect(await bad([{ captionRelPath: 'a.txt', before: 'x', after: 'y' }, { captionRelPath: '../a.txt', before: 'x', after: 'y' }])).toMatch(/not a relative path/);
    expect(await bad([{ captionRelPath: 'a.txt', before: 'x', after: 'y' }, { captionRelPath: 'a.txt', before: 'y', after: 'z' }])).toBe('a.txt is listed twice in one edit');
    expect(await bad([{ captionRelPath: 'a.txt', before: 'x', after: 'y\uD800' }])).toMatch(/unpaired surrogates/);
    expect(await bad([{ captionRelPath: 'a.txt', before: 7 as unknown as string, after: 'y' }])).toMatch(/must be a string or null/);
    expect(await bad([{ captionRelPath: 'new.txt', before: null, after: 'n', requires: 'a.txt' }, { captionRelPath: 'a.txt', before: 'x', after: 'y' }])).toMatch(/requires a\.txt, which is not an earlier file/);
  });
});
