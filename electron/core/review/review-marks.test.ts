import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listAll, read, tempTrees, writeTree } from '../dataset/test-fixtures.ts';
import { ReviewMarks, reviewPath } from './review-marks.ts';

const tree = tempTrees();
const FILE = '.tagsmith/review.json';
const saved = (root: string): unknown => JSON.parse(read(root, FILE)!);

async function set(marks: ReviewMarks, ids: string[], reviewed: boolean) {
  const res = await marks.set(ids, reviewed);
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('ReviewMarks', () => {
  it('starts empty without a file, and creates none until a mark is set', async () => {
    const root = tree({ 'a.png': 'x' });
    const marks = await ReviewMarks.load(root);
    expect(marks.problem()).toBeNull();
    expect(marks.has('a.png')).toBe(false);
    expect(listAll(root)).toEqual(['a.png']);
  });

  it('saves sorted ids in a versioned file, atomically, holding only JSON', async () => {
    const root = tree();
    const marks = await ReviewMarks.load(root);
    expect(await set(marks, ['b.png', 'sub/a.png', 'a.png'], true)).toEqual({ changed: ['b.png', 'sub/a.png', 'a.png'], outside: { marked: [], unmarked: [] } });
    expect(saved(root)).toEqual({ version: 1, reviewed: ['a.png', 'b.png', 'sub/a.png'] });
    expect(listAll(root)).toEqual([FILE]);
    expect(marks.has('sub/a.png')).toBe(true);
    // A new instance (the next open) reads the same marks.
    const again = await ReviewMarks.load(root);
    expect([...again.all()].sort()).toEqual(['a.png', 'b.png', 'sub/a.png']);
  });

  it('reports only the ids whose mark changed, and writes nothing when none did', async () => {
    const root = tree();
    const marks = await ReviewMarks.load(root);
    await set(marks, ['a.png'], true);
    const before = fs.statSync(reviewPath(root)).ino;
    expect((await set(marks, ['a.png', 'a.png'], true)).changed).toEqual([]);
    expect((await set(marks, ['b.png'], false)).changed).toEqual([]);
    expect(fs.statSync(reviewPath(root)).ino).toBe(before);
    expect((await set(marks, ['a.png', 'b.png', 'b.png'], true)).changed).toEqual(['b.png']);
    expect((await set(marks, ['a.png', 'c.png'], false)).changed).toEqual(['a.png']);
    expect(saved(root)).toEqual({ version: 1, reviewed: ['b.png'] });
  });

  it('keeps marks of ids it was not asked about (e.g. images that are gone for now)', async () => {
    const root = tree({ [FILE]: JSON.stringify({ version: 1, reviewed: ['gone.png', 'a.png'] }) });
    const marks = await ReviewMarks.load(root);
    await set(marks, ['a.png'], false);
    expect(saved(root)).toEqual({ version: 1, reviewed: ['gone.png'] });
  });

  it('keeps keys a later version wrote beside the marks', async () => {
    const root = tree({ [FILE]: JSON.stringify({ version: 1, reviewed: ['a.png'], by: { 'a.png': 'ana' } }) });
    const marks = await ReviewMarks.load(root);
    expect(marks.problem()).toBeNull();
    expect(marks.has('a.png')).toBe(true);
    await set(marks, ['b.png'], true);
    expect(saved(root)).toEqual({ version: 1, reviewed: ['a.png', 'b.png'], by: { 'a.png': 'ana' } });
  });

  it.each([
    ['not JSON', '{"version": 1, "reviewed": ['],
    ['a wrong shape', JSON.stringify({ version: 1, reviewed: 'a.png' })],
    ['a later version', JSON.stringify({ version: 2, reviewed: [] })],
    ['no version', JSON.stringify({ reviewed: ['a.png'] })],
  ])('a file with %s: starts empty, says why in one line, and is never overwritten', async (_name, text) => {
    const root = tree({ [FILE]: text });
    const marks = await ReviewMarks.load(root);
    expect(marks.has('a.png')).toBe(false);
    expect(marks.problem()?.kind).toBe('invalid-review');
    expect(marks.problem()?.message).toContain(reviewPath(root));
    expect(marks.problem()?.message).not.toContain('\n');
    const res = await marks.set(['a.png'], true);
    expect(res).toMatchObject({ ok: false, error: { kind: 'invalid-review' } });
    expect(marks.has('a.png')).toBe(false);
    expect(read(root, FILE)).toBe(text);
    expect(listAll(root)).toEqual([FILE]);
  });

  it('a file that cannot be read is reported and left alone', async () => {
    const root = tree();
    fs.mkdirSync(reviewPath(root), { recursive: true });
    const marks = await ReviewMarks.load(root);
    expect(marks.problem()?.message).toMatch(/^cannot read .*review\.json: /);
    expect((await marks.set(['a.png'], true)).ok).toBe(false);
  });

  it('saves again once the person fixed the file, starting from what the file says', async () => {
    const root = tree({ [FILE]: '{ broken' });
    const marks = await ReviewMarks.load(root);
    writeTree(root, { [FILE]: JSON.stringify({ version: 1, reviewed: ['x.png'] }) });
    const update = await set(marks, ['a.png'], true);
    expect(update).toEqual({ changed: ['a.png'], outside: { marked: ['x.png'], unmarked: [] } });
    expect(marks.problem()).toBeNull();
    expect(saved(root)).toEqual({ version: 1, reviewed: ['a.png', 'x.png'] });
  });

  it('takes over what another process saved meanwhile instead of overwriting it', async () => {
    const root = tree();
    const ours = await ReviewMarks.load(root);
    const theirs = await ReviewMarks.load(root);
    await set(ours, ['a.png', 'b.png'], true);
    // The other instance has not seen a.png / b.png yet: its write must keep them.
    expect(await set(theirs, ['c.png'], true)).toEqual({ changed: ['c.png'], outside: { marked: ['a.png', 'b.png'], unmarked: [] } });
    expect(await set(ours, ['a.png'], false)).toEqual({ changed: ['a.png'], outside: { marked: ['c.png'], unmarked: [] } });
    expect(saved(root)).toEqual({ version: 1, reviewed: ['b.png', 'c.png'] });
    // The file removed by hand: the other instance's marks go with it.
    fs.rmSync(reviewPath(root));
    expect(await set(theirs, ['d.png'], true)).toEqual({ changed: ['d.png'], outside: { marked: [], unmarked: ['a.png', 'b.png', 'c.png'] } });
    expect(saved(root)).toEqual({ version: 1, reviewed: ['d.png'] });
  });

  it('runs concurrent sets one after another: none is lost', async () => {
    const root = tree();
    const marks = await ReviewMarks.load(root);
    const ids = Array.from({ length: 30 }, (_, i) => `img_${String(i).padStart(2, '0')}.png`);
    const results = await Promise.all(ids.map((id) => marks.set([id], true)));
    expect(results.every((r) => r.ok && r.value.changed.length === 1)).toBe(true);
    expect(saved(root)).toEqual({ version: 1, reviewed: ids });
  });
});
