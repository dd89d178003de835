import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/contract/channels.ts';
import { dispatch } from '../../../shared/contract/dispatch.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { makeTree, PNG, read, removeTree } from '../dataset/test-fixtures.ts';
import { createHandlers } from './index.ts';
import { Session } from '../session/session.ts';
import { openTestSession, tempDir } from './test-session.ts';

const FILES = {
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl, solo',
  'sub/b.png': PNG,
  'sub/b.txt': '\uFEFF1girl, kneeling\r\nsecond line\r\n',
  'c.png': PNG,
  'bad.png': PNG,
  'bad.txt': Buffer.from([0x61, 0xff, 0x62]),
  'orphan.txt': 'no image',
};

describe('handler map', () => {
  it('implements every channel of the contract', async () => {
    const t = await openTestSession(FILES);
    const handlers = createHandlers(t.session, { allowOpen: false, configFile: t.configFile });
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('reports unknown channels and invalid requests without calling a handler', async () => {
    const t = await openTestSession(FILES);
    expect(await t.failure('dataset.delete')).toMatchObject({ kind: 'unknown-channel' });
    expect(await t.failure('caption.save', { id: 'a.png', after: 'x' })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('caption.save', { id: 'a.png', before: null, after: 'x', extra: 1 })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('batch.apply', { target: { kind: 'all' }, ops: [] })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('batch.preview', { target: { kind: 'some' }, ops: [{ op: 'dedupe' }] })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('dataset.snapshot', { x: 1 })).toMatchObject({ kind: 'invalid-request' });
    expect(read(t.root, 'a.txt')).toBe('ohwx, 1girl, solo');
  });
});

describe('dataset.snapshot', () => {
  it('lists every image with its full caption text, errors, orphans and history', async () => {
    const t = await openTestSession(FILES);
    const snap = await t.value('dataset.snapshot');
    expect(snap.info.root).toBe(fs.realpathSync(t.root));
    expect(snap.info.name).toBe(path.basename(t.root));
    expect(snap.info.orphanCaptions).toEqual(['orphan.txt']);
    expect(snap.info.recovery).toBeNull();
    expect(snap.images.map((i) => i.id)).toEqual(['a.png', 'bad.png', 'c.png', 'sub/b.png']);
    const byId = Object.fromEntries(snap.images.map((i) => [i.id, i]));
    expect(byId['a.png']).toEqual({ id: 'a.png', captionPath: 'a.txt', caption: 'ohwx, 1girl, solo' });
    expect(byId['sub/b.png']!.caption).toBe('\uFEFF1girl, kneeling\r\nsecond line\r\n');
    expect(byId['c.png']).toEqual({ id: 'c.png', captionPath: 'c.txt', caption: null });
    expect(byId['bad.png']!.caption).toBeNull();
    expect(byId['bad.png']!.captionError).toMatch(/bad\.txt/);
    expect(snap.history).toEqual({ entries: [], head: 0, canUndo: false, canRedo: false });
  });

  it('says how many events the session had sent when it was taken', async () => {
    const t = await openTestSession(FILES);
    expect((await t.value('dataset.snapshot')).eventSeq).toBe(t.events.length);
    await t.value('caption.save', { id: 'a.png', before: 'ohwx, 1girl, solo', after: 'ohwx, 1girl' });
    expect(t.events.length).toBeGreaterThan(0);
    expect((await t.value('dataset.snapshot')).eventSeq).toBe(t.events.length);
  });

  it('gives the real path of a root reached through a symlink', async () => {
    const t = await openTestSession(FILES);
    const link = `${t.root}-link`;
    fs.symlinkSync(t.root, link);
    try {
      const s = await Session.open({ root: link, watch: false, thumbnails: { cacheDir: tempDir() } });
      expect(s.root).toBe(fs.realpathSync(t.root));
      await s.close();
    } finally {
      fs.unlinkSync(link);
    }
  });
});

describe('dataset.open', () => {
  it('is forbidden unless the transport allows switching folders', async () => {
    const other = makeTree({ 'x.png': PNG, 'x.txt': 'other' });
    try {
      const t = await openTestSession(FILES);
      expect(await t.failure('dataset.open', { path: other })).toMatchObject({ kind: 'forbidden' });
      expect(t.session.root).toBe(fs.realpathSync(t.root));
    } finally {
      removeTree(other);
    }
  });

  it('switches folders when allowed, and keeps the open one when the new one cannot be opened', async () => {
    const other = makeTree({ 'x.png': PNG, 'x.txt': 'other' });
    try {
      const t = await openTestSession(FILES, { allowOpen: true });
      const snap = await t.value('dataset.open', { path: other });
      expect(snap.info.root).toBe(fs.realpathSync(other));
      expect(snap.images).toEqual([{ id: 'x.png', captionPath: 'x.txt', caption: 'other' }]);
      expect((await t.value('dataset.snapshot')).info.root).toBe(fs.realpathSync(other));

      const missing = path.join(other, 'nope');
      expect(await t.failure('dataset.open', { path: missing })).toMatchObject({ kind: 'not-found' });
      expect(t.session.root).toBe(fs.realpathSync(other));
    } finally {
      removeTree(other);
    }
  });
});

describe('settings.update', () => {
  it('changes only the fields in the patch and saves them', async () => {
    const t = await openTestSession(FILES);
    await t.value('settings.update', { patch: { separator: ' , ', focus: 'hands' } });
    const settings = await t.value('settings.update', { patch: { triggerWords: ['ohwx'] } });
    expect(settings).toMatchObject({ triggerWords: ['ohwx'], separator: ' , ', focus: 'hands', captionExtension: '.txt' });
    const saved = DatasetSettingsSchema.parse(JSON.parse(read(t.root, '.tagsmith/settings.json')!));
    expect(saved).toMatchObject({ triggerWords: ['ohwx'], separator: ' , ', focus: 'hands' });
    expect(await t.failure('settings.update', { patch: { sentences: 0 } })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('settings.update', { patch: { version: 2 } })).toMatchObject({ kind: 'invalid-request' });
  });

  it('accepts quick tags (cleaned), saves them, tells the clients, and refuses a tenth', async () => {
    const t = await openTestSession(FILES);
    const settings = await t.value('settings.update', { patch: { quickTags: [' low angle', 'kneeling', 'low angle', ''] } });
    expect(settings.quickTags).toEqual(['low angle', 'kneeling']);
    expect(JSON.parse(read(t.root, '.tagsmith/settings.json')!).quickTags).toEqual(['low angle', 'kneeling']);
    expect(t.eventsOf('settings.changed').at(-1)?.quickTags).toEqual(['low angle', 'kneeling']);
    expect((await t.value('dataset.snapshot')).info.settings.quickTags).toEqual(['low angle', 'kneeling']);
    // Through the contract a tenth tag is an invalid request; the core says invalid-settings.
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    expect(await t.failure('settings.update', { patch: { quickTags: ten } })).toMatchObject({ kind: 'invalid-request' });
    await expect(t.session.dataset().updateSettings({ quickTags: ten })).rejects.toMatchObject({ kind: 'invalid-settings' });
    expect(JSON.parse(read(t.root, '.tagsmith/settings.json')!).quickTags).toEqual(['low angle', 'kneeling']);
  });

  it('a new caption extension rereads every caption and tells the clients', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'from txt', 'a.caption': 'from caption' });
    await t.value('settings.update', { patch: { captionExtension: '.caption' } });
    const snap = await t.value('dataset.snapshot');
    expect(snap.images).toEqual([{ id: 'a.png', captionPath: 'a.caption', caption: 'from caption' }]);
    expect(t.eventsOf('images.changed')).toEqual([
      { images: [{ id: 'a.png', captionPath: 'a.caption', caption: 'from caption' }], removed: [], source: 'edit' },
    ]);
  });
});

describe('dispatch of a handler that throws a plain error', () => {
  it('keeps the kind of core errors', async () => {
    const t = await openTestSession(FILES);
    const handlers = createHandlers(t.session, { allowOpen: true, configFile: t.configFile });
    const res = await dispatch(handlers, 'dataset.open', { path: path.join(t.root, 'a.png') });
    expect(res).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
