import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, read } from '../dataset/test-fixtures.ts';
import { applyEdit } from '../editing/apply.ts';
import { openTestSession, waitUntil } from './test-session.ts';

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

describe('history across processes', () => {
  const journalState = (root: string) => fs.readFileSync(path.join(root, '.tagsmith', 'journal', 'state.json'), 'utf8');
  const labels = (h: { entries: Array<{ label: string; applied: boolean }> }) => h.entries.map((e) => `${e.label}${e.applied ? '' : ' (undone)'}`);

  it('hears an edit the CLI made, lists it, and undoes it only for a client that was shown it', async () => {
    const t = await openTestSession(FILES, { watch: true });
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'one, x' });
    const shown = await t.value('history.get');
    // Our own step is announced once, with its answer; the watcher seeing our state file adds nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(t.eventsOf('history.changed')).toHaveLength(1);

    // `tagsmith edit` while the editor is open: a second Dataset on the same folder, the CLI's code path.
    const cli = await Dataset.open(t.root);
    const edit = await applyEdit(cli, { ops: [{ op: 'add', tags: ['cli'], at: 'end' }], label: 'add cli' });
    expect(edit.ok && edit.value.written).toBe(2);
    const [aCli, bCli] = [read(t.root, 'a.txt'), read(t.root, 'b.txt')];
    expect(bCli).toMatch(/cli/);

    await waitUntil(() => t.eventsOf('history.changed').some((h) => h.head === 2), 'history.changed for the CLI entry');
    const heard = t.eventsOf('history.changed').find((h) => h.head === 2)!;
    expect(labels(heard)).toEqual(['edit a.txt', 'add cli']);
    expect(heard).toMatchObject({ canUndo: true, canRedo: false });
    // Its captions arrive like any outside change.
    await waitUntil(
      () => t.eventsOf('images.changed').some((e) => e.source === 'external' && e.images.some((i) => i.id === 'b.png' && i.caption === bCli)),
      'images.changed for the CLI captions',
    );
    const listed = await t.value('history.get');
    expect(labels(listed)).toEqual(['edit a.txt', 'add cli']);

    // A client still showing the old history (head 1) asks to undo its own edit: refused, nothing written.
    const stateBefore = journalState(t.root);
    const refused = await t.failure('history.undo', { expectedHead: shown.head, expectedTime: shown.entries[0]!.time });
    expect(refused.kind).toBe('stale-history');
    expect(refused.message).toContain('add cli');
    expect(read(t.root, 'a.txt')).toBe(aCli);
    expect(read(t.root, 'b.txt')).toBe(bCli);
    expect(journalState(t.root)).toBe(stateBefore);

    // Shown the fresh history, the same client undoes the CLI entry.
    const undone = await t.value('history.undo', { expectedHead: listed.head, expectedTime: listed.entries[1]!.time });
    expect(undone.entry).toMatchObject({ seq: 2, label: 'add cli', applied: false });
    expect(read(t.root, 'a.txt')).toBe('one, x');
    expect(read(t.root, 'b.txt')).toBe('two');
    expect(undone.history).toMatchObject({ head: 1, canRedo: true });
  });

  it('without a watcher, re-reads the journal for history.get and each step, and refuses a redo of an entry replaced under the same number', async () => {
    const t = await openTestSession(FILES);
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'uno' });
    await t.value('history.undo', {});
    const shown = await t.value('history.get');
    expect(labels(shown)).toEqual(['edit a.txt (undone)']);

    // Elsewhere: an edit (which drops the redo branch and takes seq 1 again), then its undo.
    const cli = await Dataset.open(t.root);
    expect((await applyEdit(cli, { ops: [{ op: 'add', tags: ['cli'], at: 'end' }], label: 'add cli' })).ok).toBe(true);
    const aCli = read(t.root, 'a.txt');
    expect(aCli).toMatch(/cli/);
    expect((await cli.undo()).ok).toBe(true);
    expect(t.eventsOf('history.changed').some((h) => labels(h).includes('add cli (undone)'))).toBe(false);

    // Same head (0) as shown, but entry 1 is another one now: the redo is refused, and every client
    // hears of the journal this instance just found.
    const stateBefore = journalState(t.root);
    const refused = await t.failure('history.redo', { expectedHead: shown.head, expectedTime: shown.entries[0]!.time });
    expect(refused.kind).toBe('stale-history');
    expect(read(t.root, 'a.txt')).toBe('one');
    expect(read(t.root, 'b.txt')).toBe('two');
    expect(journalState(t.root)).toBe(stateBefore);
    expect(labels(t.eventsOf('history.changed').at(-1)!)).toEqual(['add cli (undone)']);

    const fresh = await t.value('history.get');
    expect(labels(fresh)).toEqual(['add cli (undone)']);
    // A client that saw nothing to redo is refused too, rather than re-applying an entry it never listed.
    expect((await t.failure('history.redo', { expectedHead: 0, expectedTime: null })).kind).toBe('stale-history');
    const redone = await t.value('history.redo', { expectedHead: fresh.head, expectedTime: fresh.entries[0]!.time });
    expect(redone.entry).toMatchObject({ label: 'add cli', applied: true });
    expect(read(t.root, 'a.txt')).toBe(aCli);
  });
});
