import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG, read } from '../dataset/test-fixtures.ts';
import { openTestSession } from './test-session.ts';

const FILES = { 'a.png': PNG, 'a.txt': 'one', 'b.png': PNG, 'b.txt': 'two' };

describe('history', () => {
  it('get / undo / redo over single edits', async () => {
    const t = await openTestSession(FILES);
    expect(await t.failure('history.undo')).toMatchObject({ kind: 'nothing-to-undo' });
    expect(await t.failure('history.redo')).toMatchObject({ kind: 'nothing-to-redo' });
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'one, x' });
    await t.value('caption.save', { id: 'b.png', before: 'two', after: 'two, y' });
    const history = await t.value('history.get');
    expect(history).toMatchObject({ head: 2, canUndo: true, canRedo: false });
    expect(history.entries.map((e) => [e.seq, e.label, e.applied])).toEqual([[1, 'edit a.txt', true], [2, 'edit b.txt', true]]);

    const undone = await t.value('history.undo');
    expect(undone.images).toEqual([{ id: 'b.png', captionPath: 'b.txt', caption: 'two' }]);
    expect(undone.entry).toMatchObject({ seq: 2, applied: false });
    expect(read(t.root, 'b.txt')).toBe('two');
    expect(await t.value('history.get')).toMatchObject({ head: 1, canUndo: true, canRedo: true });

    const redone = await t.value('history.redo');
    expect(redone.images).toEqual([{ id: 'b.png', captionPath: 'b.txt', caption: 'two, y' }]);
    expect(read(t.root, 'b.txt')).toBe('two, y');
  });

  it('refuses an undo as a conflict naming the file when it changed on disk since, and writes nothing', async () => {
    const t = await openTestSession(FILES);
    await t.value('batch.apply', { target: { kind: 'all' }, ops: [{ op: 'add', tags: ['z'] }] });
    fs.writeFileSync(path.join(t.root, 'b.txt'), 'two, z, outside');
    const before = t.events.length;
    const error = await t.failure('history.undo');
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('b.txt');
    expect(error.message).not.toContain('\n');
    expect(read(t.root, 'a.txt')).toBe('one, z');
    expect(read(t.root, 'b.txt')).toBe('two, z, outside');
    expect(t.events.length).toBe(before);
    expect(await t.value('history.get')).toMatchObject({ head: 1, canUndo: true });
  });

  it('a new edit after an undo drops the redo branch', async () => {
    const t = await openTestSession(FILES);
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'uno' });
    await t.value('history.undo');
    const res = await t.value('caption.save', { id: 'a.png', before: 'one', after: 'eins' });
    expect(res.history).toMatchObject({ head: 1, canRedo: false });
    expect(res.history.entries.map((e) => e.label)).toEqual(['edit a.txt']);
  });
});
