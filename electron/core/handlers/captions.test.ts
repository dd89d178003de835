import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG, read, readBytes } from '../dataset/test-fixtures.ts';
import { openTestSession, waitUntil } from './test-session.ts';

const FILES = {
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl, solo',
  'b.png': PNG,
  'shared.png': PNG,
  'shared.jpg': PNG,
  'shared.txt': 'one caption, two images',
  'bad.png': PNG,
  'bad.txt': Buffer.from([0x61, 0xff, 0x62]),
};

describe('caption.save', () => {
  it('writes one journal entry and returns the updated image and history', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'ohwx, 1girl, solo, kneeling' });
    expect(read(t.root, 'a.txt')).toBe('ohwx, 1girl, solo, kneeling');
    expect(res.written).toBe(1);
    expect(res.conflicts).toEqual([]);
    expect(res.entry).toMatchObject({ seq: 1, label: 'edit a.txt', files: 1, applied: true });
    expect(res.images).toEqual([{ id: 'a.png', captionPath: 'a.txt', caption: 'ohwx, 1girl, solo, kneeling' }]);
    expect(res.history).toMatchObject({ head: 1, canUndo: true, canRedo: false });
    expect(res.history.entries).toHaveLength(1);
  });

  it('labels the journal entry with what the edit did and the file name, on one short line', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'ohwx, 1girl, solo, low angle', label: 'add low angle' });
    expect(res.entry?.label).toBe('add low angle · a.txt');
    await t.value('caption.save', { id: 'shared.jpg', before: 'one caption, two images', after: 'x', label: ` ${'reorder '.repeat(20)}\n` });
    const labels = (await t.value('history.get')).entries.map((e) => e.label);
    expect(labels[0]).toBe('add low angle · a.txt');
    expect(labels[1]).toMatch(/^reorder reorder .*… · shared\.txt$/);
    expect(labels[1]!.length).toBeLessThan(80);
    // Undo names what it undoes by the same label.
    expect((await t.value('history.undo')).entry?.label).toBe(labels[1]);
    expect(await t.failure('caption.save', { id: 'a.png', before: null, after: 'x', label: 'x'.repeat(201) })).toMatchObject({ kind: 'invalid-request' });
  });

  it('creates a caption file for an image without one (before: null)', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'b.png', before: null, after: '1boy' });
    expect(read(t.root, 'b.txt')).toBe('1boy');
    expect(res.images).toEqual([{ id: 'b.png', captionPath: 'b.txt', caption: '1boy' }]);
  });

  it('deletes the caption file for after: null, as one entry that undo writes back', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: null, label: 'delete caption file' });
    expect(fs.existsSync(path.join(t.root, 'a.txt'))).toBe(false);
    expect(res.images).toEqual([{ id: 'a.png', captionPath: 'a.txt', caption: null }]);
    expect(res.entry?.label).toBe('delete caption file · a.txt');
    await t.value('history.undo');
    expect(read(t.root, 'a.txt')).toBe('ohwx, 1girl, solo');
  });

  it('reports both images that share one caption file', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'shared.jpg', before: 'one caption, two images', after: 'edited' });
    expect(res.images.map((i) => [i.id, i.caption]).sort()).toEqual([['shared.jpg', 'edited'], ['shared.png', 'edited']]);
  });

  it('emits images.changed (edit) and history.changed for every client', async () => {
    const t = await openTestSession(FILES);
    await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'x' });
    expect(t.eventsOf('images.changed')).toEqual([{ images: [{ id: 'a.png', captionPath: 'a.txt', caption: 'x' }], removed: [], source: 'edit' }]);
    expect(t.eventsOf('history.changed')).toHaveLength(1);
    expect(t.eventsOf('history.changed')[0]).toMatchObject({ head: 1, canUndo: true });
  });

  it('announces an outside change once, however many conflicting saves find it', async () => {
    const t = await openTestSession(FILES, { watch: true });
    fs.writeFileSync(path.join(t.root, 'a.txt'), 'theirs');
    for (let i = 0; i < 8; i++) {
      expect((await t.failure('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: `mine ${i}` })).kind).toBe('conflict');
      // Spaced out beyond the event coalescer's window: each save is seen on its own.
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const changed = t.eventsOf('images.changed').filter((e) => e.images.some((i) => i.id === 'a.png'));
    expect(changed, JSON.stringify(changed)).toHaveLength(1);
  });

  it('refuses as a conflict, writing nothing, when the file changed on disk since', async () => {
    const t = await openTestSession(FILES);
    fs.writeFileSync(path.join(t.root, 'a.txt'), 'edited by another program');
    const error = await t.failure('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'mine' });
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/^a\.txt: .*nothing was written$/);
    expect(error.message).not.toContain('\n');
    expect(read(t.root, 'a.txt')).toBe('edited by another program');
    expect((await t.value('history.get')).entries).toEqual([]);
    // The conflict pulled in the other program's text, so the client can show "theirs".
    const snap = await t.value('dataset.snapshot');
    expect(snap.images.find((i) => i.id === 'a.png')!.caption).toBe('edited by another program');

    // "Keep mine": a save based on their text.
    await t.value('caption.save', { id: 'a.png', before: 'edited by another program', after: 'mine' });
    expect(read(t.root, 'a.txt')).toBe('mine');
  });

  it('fails with not-found for an unknown image and never writes a caption that is not valid UTF-8', async () => {
    const t = await openTestSession(FILES);
    expect(await t.failure('caption.save', { id: 'nope.png', before: null, after: 'x' })).toMatchObject({ kind: 'not-found' });
    expect(await t.failure('caption.save', { id: '../outside.png', before: null, after: 'x' })).toMatchObject({ kind: 'not-found' });
    expect(await t.failure('caption.save', { id: 'bad.png', before: null, after: 'x' })).toMatchObject({ kind: 'invalid-utf8' });
    expect(readBytes(t.root, 'bad.txt')).toEqual(Buffer.from([0x61, 0xff, 0x62]));
    expect(fs.existsSync(path.join(t.root, 'nope.txt'))).toBe(false);
  });

  it('writing the text the file already holds records nothing', async () => {
    const t = await openTestSession(FILES);
    const res = await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'ohwx, 1girl, solo' });
    expect(res).toMatchObject({ entry: null, written: 0 });
    expect(res.history.entries).toEqual([]);
  });
});

describe('caption.reload', () => {
  it('re-reads the file now and tells the other clients', async () => {
    const t = await openTestSession(FILES);
    fs.writeFileSync(path.join(t.root, 'a.txt'), 'theirs');
    const item = await t.value('caption.reload', { id: 'a.png' });
    expect(item).toEqual({ id: 'a.png', captionPath: 'a.txt', caption: 'theirs' });
    await waitUntil(() => t.eventsOf('images.changed').length > 0, 'the reload event');
    expect(t.eventsOf('images.changed')).toEqual([{ images: [item], removed: [], source: 'external' }]);
  });

  it('sees a deleted caption and a caption that turned unreadable', async () => {
    const t = await openTestSession(FILES);
    fs.unlinkSync(path.join(t.root, 'a.txt'));
    expect(await t.value('caption.reload', { id: 'a.png' })).toEqual({ id: 'a.png', captionPath: 'a.txt', caption: null });
    fs.writeFileSync(path.join(t.root, 'a.txt'), Buffer.from([0xc3]));
    const item = await t.value('caption.reload', { id: 'a.png' });
    expect(item.caption).toBeNull();
    expect(item.captionError).toMatch(/a\.txt/);
    expect(await t.failure('caption.reload', { id: 'nope.png' })).toMatchObject({ kind: 'not-found' });
  });
});
