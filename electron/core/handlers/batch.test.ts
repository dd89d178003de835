import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAll, PNG, read, readBytes } from '../dataset/test-fixtures.ts';
import { openTestSession } from './test-session.ts';

const FILES = {
  'a.png': PNG,
  'a.txt': '1girl, solo, red_dress',
  'b.png': PNG,
  'b.txt': '\uFEFF1girl, hatsune_miku_(cosplay), ^_^\r\nnotes stay\r\n',
  'c.png': PNG,
  'c.txt': '1boy, solo',
  'd.png': PNG,
};

function snapshotBytes(root: string): Map<string, Buffer> {
  return new Map(listAll(root).filter((f) => !f.startsWith('.tagsmith/')).map((f) => [f, readBytes(root, f)]));
}

describe('batch.preview', () => {
  it('lists before and after of each caption it would change, and writes nothing', async () => {
    const t = await openTestSession(FILES);
    const before = snapshotBytes(t.root);
    const preview = await t.value('batch.preview', { target: { kind: 'all' }, ops: [{ op: 'replace', from: '1girl', to: '1woman' }] });
    expect(preview.selected).toBe(4);
    expect(preview.changes).toEqual([
      { id: 'a.png', captionPath: 'a.txt', before: '1girl, solo, red_dress', after: '1woman, solo, red_dress' },
      { id: 'b.png', captionPath: 'b.txt', before: FILES['b.txt'], after: '\uFEFF1woman, hatsune_miku_(cosplay), ^_^\r\nnotes stay\r\n' },
    ]);
    expect(preview.triggerWordsChanged).toBe(false);
    expect(snapshotBytes(t.root)).toEqual(before);
    expect((await t.value('history.get')).entries).toEqual([]);
    expect(t.events).toEqual([]);
  });

  it('selects by filter query or by ids', async () => {
    const t = await openTestSession(FILES);
    const op = [{ op: 'add', tags: ['kneeling'] }];
    const filtered = await t.value('batch.preview', { target: { kind: 'filter', query: 'solo' }, ops: op });
    expect(filtered.selected).toBe(2);
    expect(filtered.changes.map((c) => c.id)).toEqual(['a.png', 'c.png']);
    const picked = await t.value('batch.preview', { target: { kind: 'ids', ids: ['d.png', 'b.png'] }, ops: op });
    expect(picked.selected).toBe(2);
    expect(picked.uncaptioned).toBe(1);
    expect(picked.changes.map((c) => [c.id, c.before, c.after])).toEqual([
      ['b.png', FILES['b.txt'], '\uFEFF1girl, hatsune_miku_(cosplay), ^_^, kneeling\r\nnotes stay\r\n'],
    ]);
    const created = await t.value('batch.preview', { target: { kind: 'ids', ids: ['d.png', 'b.png'] }, ops: op, createMissing: true });
    expect(created.changes.map((c) => [c.id, c.before, c.after])).toEqual([
      ['b.png', FILES['b.txt'], '\uFEFF1girl, hatsune_miku_(cosplay), ^_^, kneeling\r\nnotes stay\r\n'],
      ['d.png', null, 'kneeling'],
    ]);
  });

  it('reports a bad query as invalid-query with the caret under the problem, and unknown ids as not-found', async () => {
    const t = await openTestSession(FILES);
    const op = [{ op: 'dedupe' }];
    const error = await t.failure('batch.preview', { target: { kind: 'filter', query: 'solo AND (' }, ops: op });
    expect(error.kind).toBe('invalid-query');
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.message.split('\n')[1]).toBe('solo AND (');
    expect(await t.failure('batch.preview', { target: { kind: 'ids', ids: ['a.png', 'zzz.png'] }, ops: op })).toMatchObject({
      kind: 'not-found',
      message: 'no such image: zzz.png',
    });
    expect(await t.failure('batch.preview', { target: { kind: 'all' }, ops: [{ op: 'replaceText', find: '(', replace: '', regex: true }] })).toMatchObject({
      kind: 'invalid-regex',
    });
  });

  it('answers a pattern that hangs a backtracking engine, and refuses a backreference with the reason', async () => {
    const caption = `x, ${'a'.repeat(40)}!`;
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': caption, 'b.png': PNG, 'b.txt': caption, 'c.png': PNG, 'c.txt': caption });
    const replaceText = (find: string) => [{ op: 'replaceText', find, replace: 'b', regex: true }];
    expect((await t.value('batch.preview', { target: { kind: 'all' }, ops: replaceText('(a+)+$') })).changes).toEqual([]);
    expect((await t.value('batch.preview', { target: { kind: 'all' }, ops: replaceText('(a+)+!') })).changes.map((c) => c.after)).toEqual(['x, b', 'x, b', 'x, b']);
    expect(await t.failure('batch.preview', { target: { kind: 'all' }, ops: replaceText('(a)\\1') })).toEqual({
      kind: 'invalid-regex',
      message: 'Invalid pattern /(a)\\1/: Backreference \\1 is not supported: patterns run on a linear-time engine (RE2) so that none can hang',
    });
    expect(await t.failure('batch.preview', { target: { kind: 'filter', query: 'text:/(a)\\1/' }, ops: [{ op: 'dedupe' }] })).toMatchObject({
      kind: 'invalid-query',
      message: expect.stringMatching(/^Backreference \\1 is not supported.*\ntext:\/\(a\)\\1\/\n {9}\^$/),
    });
  });
});

describe('batch.apply', () => {
  it('writes nothing when the plan outruns its time budget', async () => {
    const files: Record<string, string | Uint8Array> = {};
    for (let i = 0; i < 40; i++) {
      files[`${i}.png`] = PNG;
      files[`${i}.txt`] = `tag ${i}, ${'ab '.repeat(4_000)}`;
    }
    const t = await openTestSession(files, { planner: { budgetMs: 100 } });
    const before = snapshotBytes(t.root);
    const error = await t.failure('batch.apply', { target: { kind: 'all' }, ops: [{ op: 'replaceText', find: '(.*a){20}', replace: 'x', regex: true }] });
    expect(error).toEqual({ kind: 'timeout', message: 'The batch over 40 captions took longer than 0.1 s and was stopped; nothing was written' });
    expect(snapshotBytes(t.root)).toEqual(before);
    expect((await t.value('history.get')).entries).toEqual([]);
    expect(t.events).toEqual([]);
  }, 30_000);

  it('is one journal entry; undo restores every byte and redo brings the edit back', async () => {
    const t = await openTestSession(FILES);
    const original = snapshotBytes(t.root);
    const ops = [{ op: 'trigger', words: ['ohwx'] }, { op: 'underscoresToSpaces' }];
    const res = await t.value('batch.apply', { target: { kind: 'all' }, ops, createMissing: true });
    expect(res.written).toBe(4);
    expect(res.entry).toMatchObject({ seq: 1, files: 4, label: 'trigger "ohwx"; underscores to spaces' });
    expect(res.history.entries).toHaveLength(1);
    expect(read(t.root, 'b.txt')).toBe('\uFEFFohwx, 1girl, hatsune miku (cosplay), ^_^\r\nnotes stay\r\n');
    expect(read(t.root, 'd.txt')).toBe('ohwx');
    expect(res.images.map((i) => i.id)).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
    // The trigger word rides in the same entry.
    expect((await t.value('dataset.snapshot')).info.settings.triggerWords).toEqual(['ohwx']);
    const afterApply = snapshotBytes(t.root);

    const undone = await t.value('history.undo');
    expect(undone.written).toBe(4);
    expect(undone.images.map((i) => [i.id, i.caption])).toEqual([
      ['a.png', FILES['a.txt']], ['b.png', FILES['b.txt']], ['c.png', FILES['c.txt']], ['d.png', null],
    ]);
    expect(undone.history).toMatchObject({ head: 0, canUndo: false, canRedo: true });
    expect(snapshotBytes(t.root)).toEqual(original);
    expect((await t.value('dataset.snapshot')).info.settings.triggerWords).toEqual([]);

    await t.value('history.redo');
    expect(snapshotBytes(t.root)).toEqual(afterApply);
    expect(t.eventsOf('history.changed').map((h) => h.head)).toEqual([1, 0, 1]);
    expect(t.eventsOf('images.changed').map((e) => [e.source, e.images.length])).toEqual([['edit', 4], ['edit', 4], ['edit', 4]]);
  });

  it('uses the label given, and touches only the selected ids', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('batch.apply', { target: { kind: 'ids', ids: ['c.png'] }, ops: [{ op: 'remove', tags: ['solo'] }], label: 'tidy c' });
    expect(res.entry).toMatchObject({ label: 'tidy c', files: 1 });
    expect(read(t.root, 'c.txt')).toBe('1boy');
    expect(read(t.root, 'a.txt')).toBe(FILES['a.txt']);
  });

  it('leaves a caption changed on disk since as a conflict and writes the rest', async () => {
    const t = await openTestSession(FILES);
    fs.writeFileSync(path.join(t.root, 'a.txt'), 'changed outside, solo');
    const res = await t.value('batch.apply', { target: { kind: 'filter', query: 'solo' }, ops: [{ op: 'add', tags: ['x'] }] });
    expect(res.written).toBe(1);
    expect(res.conflicts.map((c) => c.path)).toEqual(['a.txt']);
    expect(read(t.root, 'a.txt')).toBe('changed outside, solo');
    expect(read(t.root, 'c.txt')).toBe('1boy, solo, x');
    expect(res.images.map((i) => i.id).sort()).toEqual(['a.png', 'c.png']);
  });
});
