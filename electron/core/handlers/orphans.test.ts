import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG, readBytes } from '../dataset/test-fixtures.ts';
import { openTestSession } from './test-session.ts';

const BOM_CRLF = '\uFEFF1girl, ^_^, hatsune_miku_(cosplay)\r\nsecond line kept\r\n';
const FILES = {
  'a.png': PNG,
  'a.txt': '1girl, solo',
  'b.png': PNG,
  'gone.txt': BOM_CRLF,
  'sub/lost.txt': 'solo, red dress\n',
  'bad.txt': Buffer.from([0x66, 0xff, 0xfe, 0x0a]),
};

const exists = (root: string, rel: string) => fs.existsSync(path.join(root, ...rel.split('/')));

describe('orphan captions', () => {
  it('lists them and reads one, unreadable ones with the reason', async () => {
    const t = await openTestSession(FILES);
    expect(await t.value('orphans.list')).toEqual({ paths: ['bad.txt', 'gone.txt', 'sub/lost.txt'] });
    expect(await t.value('orphans.read', { path: 'gone.txt' })).toEqual({ path: 'gone.txt', text: BOM_CRLF });
    const bad = await t.value('orphans.read', { path: 'bad.txt' });
    expect(bad.text).toBeNull();
    expect(bad.error).toMatch(/bad\.txt/);
    // A caption that has its image is not an orphan, and paths never leave the dataset.
    expect((await t.failure('orphans.read', { path: 'a.txt' })).kind).toBe('not-found');
    expect((await t.failure('orphans.read', { path: '../x.txt' })).kind).toBe('not-found');
    expect((await t.failure('orphans.read', { path: 7 })).kind).toBe('invalid-request');
  });

  it('deletes as one journal entry that undo reverses byte for byte', async () => {
    const t = await openTestSession(FILES);
    const bytes = readBytes(t.root, 'gone.txt');
    const res = await t.value('orphans.delete', { paths: ['gone.txt', 'sub/lost.txt'] });
    expect(res.written).toBe(2);
    expect(res.entry?.label).toBe('Delete 2 captions without an image');
    expect(exists(t.root, 'gone.txt')).toBe(false);
    expect(exists(t.root, 'sub/lost.txt')).toBe(false);
    expect(await t.value('orphans.list')).toEqual({ paths: ['bad.txt'] });
    expect(t.eventsOf('history.changed').at(-1)?.entries.map((e) => e.label)).toEqual(['Delete 2 captions without an image']);

    await t.value('history.undo');
    expect(readBytes(t.root, 'gone.txt')).toEqual(bytes);
    expect(readBytes(t.root, 'sub/lost.txt').toString('utf8')).toBe('solo, red dress\n');
    expect(await t.value('orphans.list')).toEqual({ paths: ['bad.txt', 'gone.txt', 'sub/lost.txt'] });
    await t.value('history.redo');
    expect(exists(t.root, 'gone.txt')).toBe(false);
  });

  it('refuses what is not an orphan, and never deletes a file it cannot read as text', async () => {
    const t = await openTestSession(FILES);
    expect((await t.failure('orphans.delete', { paths: ['a.txt'] })).kind).toBe('not-found');
    expect((await t.failure('orphans.delete', { paths: ['nothing.txt'] })).kind).toBe('not-found');
    expect((await t.failure('orphans.delete', { paths: ['bad.txt'] })).message).toMatch(/never rewritten or deleted/);
    expect(exists(t.root, 'a.txt')).toBe(true);
    expect(exists(t.root, 'bad.txt')).toBe(true);
    expect((await t.value('history.get')).entries).toEqual([]);
  });

  it('deletes what the file holds now, when another program changed it since it was read', async () => {
    const t = await openTestSession(FILES);
    fs.writeFileSync(path.join(t.root, 'gone.txt'), 'changed elsewhere');
    await t.value('orphans.delete', { paths: ['gone.txt'] });
    expect(exists(t.root, 'gone.txt')).toBe(false);
    await t.value('history.undo');
    expect(readBytes(t.root, 'gone.txt').toString('utf8')).toBe('changed elsewhere');
  });

  it('attaches an orphan to an image without a caption as one undoable entry', async () => {
    const t = await openTestSession(FILES);
    const bytes = readBytes(t.root, 'gone.txt');
    const res = await t.value('orphans.attach', { path: 'gone.txt', imageId: 'b.png' });
    expect(res.entry?.label).toBe('Attach gone.txt to b.png');
    expect(res.entry?.files).toBe(2);
    expect(res.images).toEqual([{ id: 'b.png', captionPath: 'b.txt', caption: BOM_CRLF }]);
    expect(readBytes(t.root, 'b.txt')).toEqual(bytes);
    expect(exists(t.root, 'gone.txt')).toBe(false);
    expect(await t.value('orphans.list')).toEqual({ paths: ['bad.txt', 'sub/lost.txt'] });
    expect(t.eventsOf('images.changed').at(-1)).toEqual({ images: [{ id: 'b.png', captionPath: 'b.txt', caption: BOM_CRLF }], removed: [], source: 'edit' });

    await t.value('history.undo');
    expect(exists(t.root, 'b.txt')).toBe(false);
    expect(readBytes(t.root, 'gone.txt')).toEqual(bytes);
    expect((await t.value('dataset.snapshot')).images.find((i) => i.id === 'b.png')?.caption).toBeNull();
    expect(await t.value('orphans.list')).toEqual({ paths: ['bad.txt', 'gone.txt', 'sub/lost.txt'] });
  });

  it('refuses to attach to an image that has a caption (also one written a moment ago) or does not exist', async () => {
    const t = await openTestSession(FILES);
    expect((await t.failure('orphans.attach', { path: 'gone.txt', imageId: 'a.png' })).kind).toBe('conflict');
    expect((await t.failure('orphans.attach', { path: 'gone.txt', imageId: 'zzz.png' })).kind).toBe('not-found');
    fs.writeFileSync(path.join(t.root, 'b.txt'), 'just written');
    expect((await t.failure('orphans.attach', { path: 'gone.txt', imageId: 'b.png' })).kind).toBe('conflict');
    expect(readBytes(t.root, 'b.txt').toString('utf8')).toBe('just written');
    expect(readBytes(t.root, 'gone.txt').toString('utf8')).toBe(BOM_CRLF);
    expect((await t.value('history.get')).entries).toEqual([]);
  });
});
