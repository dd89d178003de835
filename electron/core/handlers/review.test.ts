import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree, PNG, read, removeTree, writeTree } from '../dataset/test-fixtures.ts';
import { ReviewMarks } from '../review/review-marks.ts';
import { openTestSession } from './test-session.ts';

const FILES = {
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl, solo',
  'b.png': PNG,
  'b.txt': '1girl, smile',
  'sub/c.png': PNG,
};
const REVIEW = '.tagsmith/review.json';
const saved = (root: string): unknown => JSON.parse(read(root, REVIEW)!);

describe('review.set', () => {
  it('marks images, answers with the ids that changed, and tells every client', async () => {
    const t = await openTestSession(FILES);
    expect(await t.value('review.set', { ids: ['sub/c.png', 'a.png'], reviewed: true })).toEqual({ ids: ['sub/c.png', 'a.png'], reviewed: true });
    expect(saved(t.root)).toEqual({ version: 1, reviewed: ['a.png', 'sub/c.png'] });
    expect(await t.value('review.set', { ids: ['a.png', 'b.png'], reviewed: true })).toEqual({ ids: ['b.png'], reviewed: true });
    expect(await t.value('review.set', { ids: ['a.png'], reviewed: false })).toEqual({ ids: ['a.png'], reviewed: false });
    expect(t.eventsOf('review.changed')).toEqual([
      { ids: ['sub/c.png', 'a.png'], reviewed: true },
      { ids: ['b.png'], reviewed: true },
      { ids: ['a.png'], reviewed: false },
    ]);
    expect((await t.value('dataset.snapshot')).reviewed).toEqual(['b.png', 'sub/c.png']);
  });

  it('changes nothing, and announces nothing, when every mark is already as asked', async () => {
    const t = await openTestSession(FILES);
    expect(await t.value('review.set', { ids: ['a.png'], reviewed: false })).toEqual({ ids: [], reviewed: false });
    expect(await t.value('review.set', { ids: [], reviewed: true })).toEqual({ ids: [], reviewed: true });
    expect(t.eventsOf('review.changed')).toEqual([]);
    expect(read(t.root, REVIEW)).toBeNull();
  });

  it('refuses unknown image ids as not-found, writing nothing', async () => {
    const t = await openTestSession(FILES);
    const error = await t.failure('review.set', { ids: ['a.png', 'nope.png', 'a.txt'], reviewed: true });
    expect(error).toEqual({ kind: 'not-found', message: 'no such image: nope.png, a.txt' });
    expect(read(t.root, REVIEW)).toBeNull();
    expect(t.eventsOf('review.changed')).toEqual([]);
    expect(await t.failure('review.set', { ids: ['a.png'] })).toMatchObject({ kind: 'invalid-request' });
  });

  it('refuses, with one line, to replace a review file it cannot read', async () => {
    const text = '{"version": 1, "reviewed": ["a.png",';
    const t = await openTestSession({ ...FILES, [REVIEW]: text });
    const snap = await t.value('dataset.snapshot');
    expect(snap.reviewed).toEqual([]);
    expect(snap.info.warnings.some((w) => w.includes('review.json is not valid JSON'))).toBe(true);
    const error = await t.failure('review.set', { ids: ['a.png'], reviewed: true });
    expect(error.kind).toBe('invalid-review');
    expect(error.message).toContain('review.json');
    expect(error.message).not.toContain('\n');
    expect(read(t.root, REVIEW)).toBe(text);
  });

  it('announces marks another Tagsmith saved meanwhile, for images that exist', async () => {
    const t = await openTestSession(FILES);
    await t.value('review.set', { ids: ['a.png'], reviewed: true });
    // A second process on the same folder (e.g. the desktop app beside `tagsmith serve`).
    const other = await ReviewMarks.load(t.root);
    await other.set(['b.png', 'gone.png'], true);
    await other.set(['a.png'], false);
    expect(await t.value('review.set', { ids: ['sub/c.png'], reviewed: true })).toEqual({ ids: ['sub/c.png'], reviewed: true });
    expect(t.eventsOf('review.changed').slice(1)).toEqual([
      { ids: ['b.png'], reviewed: true },
      { ids: ['a.png'], reviewed: false },
      { ids: ['sub/c.png'], reviewed: true },
    ]);
    expect(saved(t.root)).toEqual({ version: 1, reviewed: ['b.png', 'gone.png', 'sub/c.png'] });
  });
});

describe('dataset.snapshot: reviewed', () => {
  it('lists reviewed images that exist, in dataset order; marks of missing images stay in the file', async () => {
    const t = await openTestSession({ ...FILES, [REVIEW]: JSON.stringify({ version: 1, reviewed: ['sub/c.png', 'gone.png', 'a.png'] }) });
    expect((await t.value('dataset.snapshot')).reviewed).toEqual(['a.png', 'sub/c.png']);
    await t.value('review.set', { ids: ['b.png'], reviewed: true });
    expect(saved(t.root)).toEqual({ version: 1, reviewed: ['a.png', 'b.png', 'gone.png', 'sub/c.png'] });
    // The image comes back: so does its mark.
    writeTree(t.root, { 'gone.png': PNG });
    await t.session.reopen(t.root);
    expect((await t.value('dataset.snapshot')).reviewed).toEqual(['a.png', 'b.png', 'gone.png', 'sub/c.png']);
  });

  it('is empty for a dataset without marks', async () => {
    const t = await openTestSession(FILES);
    expect((await t.value('dataset.snapshot')).reviewed).toEqual([]);
  });

  it('follows the open folder: switching datasets switches the marks', async () => {
    const other = makeTree({ 'x.png': PNG, 'y.png': PNG, [REVIEW]: JSON.stringify({ version: 1, reviewed: ['y.png'] }) });
    try {
      const t = await openTestSession(FILES, { allowOpen: true });
      await t.value('review.set', { ids: ['a.png'], reviewed: true });
      expect((await t.value('dataset.open', { path: other })).reviewed).toEqual(['y.png']);
      expect(await t.failure('review.set', { ids: ['a.png'], reviewed: true })).toMatchObject({ kind: 'not-found' });
      await t.value('review.set', { ids: ['x.png'], reviewed: true });
      expect(saved(other)).toEqual({ version: 1, reviewed: ['x.png', 'y.png'] });
      expect(saved(t.root)).toEqual({ version: 1, reviewed: ['a.png'] });
      await t.value('dataset.open', { path: t.root });
      expect((await t.value('dataset.snapshot')).reviewed).toEqual(['a.png']);
    } finally {
      removeTree(other);
    }
  });
});

describe('is:reviewed in batch targets', () => {
  it('selects the images marked reviewed, as the editor shows them', async () => {
    const t = await openTestSession(FILES);
    await t.value('review.set', { ids: ['a.png', 'sub/c.png'], reviewed: true });
    const ops = [{ op: 'add', tags: ['checked'] }];
    const marked = await t.value('batch.preview', { target: { kind: 'filter', query: 'is:reviewed' }, ops });
    expect(marked.selected).toBe(2);
    // sub/c.png has no caption: an add leaves it alone unless the request asks to create it.
    expect(marked.changes.map((c) => c.id)).toEqual(['a.png']);
    expect(marked.uncaptioned).toBe(1);
    const rest = await t.value('batch.preview', { target: { kind: 'filter', query: '-is:reviewed' }, ops });
    expect(rest.changes.map((c) => c.id)).toEqual(['b.png']);
    // A mark set now is seen by the next batch at once.
    await t.value('review.set', { ids: ['a.png'], reviewed: false });
    const res = await t.value('batch.apply', { target: { kind: 'filter', query: 'is:reviewed has:caption' }, ops });
    expect(res.written).toBe(0);
    await t.value('review.set', { ids: ['b.png'], reviewed: true });
    expect((await t.value('batch.apply', { target: { kind: 'filter', query: 'is:reviewed has:caption' }, ops })).written).toBe(1);
    expect(read(t.root, 'b.txt')).toBe('1girl, smile, checked');
  });

  it('reports an unknown is: value with the caret under it', async () => {
    const t = await openTestSession(FILES);
    const error = await t.failure('batch.preview', { target: { kind: 'filter', query: 'is:done' }, ops: [{ op: 'dedupe' }] });
    expect(error.kind).toBe('invalid-query');
    expect(error.message.split('\n')).toEqual(["Unknown value 'done' for is: use reviewed, trigger-only", 'is:done', '   ^']);
  });
});

describe('review marks on disk', () => {
  it('live in .tagsmith, which holds only JSON', async () => {
    const t = await openTestSession(FILES);
    await t.value('review.set', { ids: ['a.png'], reviewed: true });
    const names = fs.readdirSync(path.join(t.root, '.tagsmith'));
    expect(names).toContain('review.json');
    expect(names.every((n) => n.endsWith('.json') || fs.statSync(path.join(t.root, '.tagsmith', n)).isDirectory())).toBe(true);
  });
});
