import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from './dataset.ts';
import { Dataset } from './dataset.ts';
import { listAll, PNG, read, readBytes, writeTree, tempTrees } from './test-fixtures.ts';

const tree = tempTrees();

/** n images with captions "tag<i>, common". */
function dataset(n: number, extra: Record<string, string | Uint8Array> = {}): string {
  const files: Record<string, string | Uint8Array> = { ...extra };
  for (let i = 1; i <= n; i++) {
    files[`img_${i}.png`] = PNG;
    files[`img_${i}.txt`] = `tag${i}, common`;
  }
  return tree(files);
}

const edit = (ds: Dataset, fn: (t: string) => string, only?: string[]): Change[] =>
  ds
    .images()
    .filter((r) => r.caption && (!only || only.includes(r.captionRelPath)))
    .map((r) => ({ captionRelPath: r.captionRelPath, before: r.caption!.text, after: fn(r.caption!.text) }));

const userFiles = (root: string) => listAll(root).filter((f) => !f.startsWith('.tagsmith/'));

describe('Dataset.open', () => {
  it('reads every caption with its size and mtime, and reports orphans and ambiguity', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': 'x, y', 'b.png': PNG, 'c.txt': 'orphan', 'd.png': PNG, 'd.jpg': PNG, 'd.txt': 'shared' });
    const ds = await Dataset.open(root);
    expect(ds.images().map((r) => [r.relPath, r.caption?.text ?? null])).toEqual([
      ['a.png', 'x, y'],
      ['b.png', null],
      ['d.jpg', 'shared'],
      ['d.png', 'shared'],
    ]);
    expect(ds.images()[0]!.caption).toMatchObject({ size: 4, mtimeMs: fs.statSync(path.join(root, 'a.txt')).mtimeMs });
    expect(ds.orphanCaptions()).toEqual(['c.txt']);
    expect(ds.warnings().join('\n')).toContain('d.jpg and d.png share the caption d.txt');
    expect(ds.recovery()).toBeNull();
    expect(listAll(root)).not.toContain('.tagsmith/settings.json'); // opening never writes
  });

  it('reports progress and refuses a missing folder', async () => {
    const root = dataset(3);
    const phases = new Set<string>();
    await Dataset.open(root, { onProgress: (p) => phases.add(p.phase) });
    expect(phases).toEqual(new Set(['scan', 'read']));
    await expect(Dataset.open(path.join(root, 'nope'))).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('lists the images in grid order once, before any caption is read', async () => {
    const root = dataset(12);
    const listed: Array<Array<[string, string | null]>> = [];
    const ds = await Dataset.open(root, { onListed: (images) => listed.push(images.map((r) => [r.relPath, r.caption?.text ?? null])) });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.map(([id]) => id)).toEqual(ds.images().map((r) => r.relPath));
    expect(listed[0]!.map(([id]) => id).slice(0, 3)).toEqual(['img_1.png', 'img_2.png', 'img_3.png']);
    expect(listed[0]!.every(([, caption]) => caption === null)).toBe(true);
    expect(ds.images().every((r) => r.caption !== null)).toBe(true);
  });
});

describe('applyChanges / undo / redo', () => {
  it('applies a batch as one entry, undoes and redoes it across re-opens', async () => {
    const root = dataset(5);
    const ds = await Dataset.open(root);
    const res = await ds.applyChanges('add ohwx', edit(ds, (t) => `ohwx, ${t}`), { ops: [{ op: 'add', tags: ['ohwx'] }] });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value).toMatchObject({ written: 5, conflicts: [], entry: { seq: 1, id: '0000000001', label: 'add ohwx', files: 5, applied: true } });
    expect(read(root, 'img_3.txt')).toBe('ohwx, tag3, common');
    expect(ds.images()[0]!.caption!.text).toBe('ohwx, tag1, common');
    expect(userFiles(root).filter((f) => f.includes('tmp'))).toEqual([]);

    const again = await Dataset.open(root);
    expect(again.history()).toMatchObject({ head: 1, entries: [{ seq: 1, label: 'add ohwx', files: 5, applied: true }] });
    const u = await again.undo();
    expect(u.ok && u.value.written).toBe(5);
    expect(read(root, 'img_3.txt')).toBe('tag3, common');
    expect(again.history().head).toBe(0);

    const third = await Dataset.open(root);
    expect(third.history().entries[0]!.applied).toBe(false);
    const r = await third.redo();
    expect(r.ok && r.value.entry?.applied).toBe(true);
    expect(read(root, 'img_3.txt')).toBe('ohwx, tag3, common');
    expect((await third.redo()).ok).toBe(false);
    const entry = JSON.parse(read(root, '.tagsmith/journal/0000000001.json')!);
    expect(entry.ops).toEqual([{ op: 'add', tags: ['ohwx'] }]);
    expect(entry.files[0]).toEqual({ path: 'img_1.txt', before: 'tag1, common', after: 'ohwx, tag1, common' });
  });

  it('a single-file edit is one entry too; undo of nothing is an error', async () => {
    const root = dataset(2);
    const ds = await Dataset.open(root);
    const u0 = await ds.undo();
    expect(!u0.ok && u0.error.kind).toBe('nothing-to-undo');
    const res = await ds.applyChanges('fix', [{ captionRelPath: 'img_2.txt', before: 'tag2, common', after: 'tag2, fixed' }]);
    expect(res.ok && res.value.entry?.files).toBe(1);
    expect(ds.history().entries).toHaveLength(1);
  });

  it('drops the redo branch after a new edit', async () => {
    const root = dataset(2);
    const ds = await Dataset.open(root);
    await ds.applyChanges('one', edit(ds, (t) => t + ', one'));
    await ds.applyChanges('two', edit(ds, (t) => t + ', two'));
    await ds.undo();
    expect(ds.history()).toMatchObject({ head: 1, entries: [{ label: 'one', applied: true }, { label: 'two', applied: false }] });
    await ds.applyChanges('three', edit(ds, (t) => t + ', three'));
    expect(ds.history().entries.map((e) => [e.seq, e.label])).toEqual([[1, 'one'], [2, 'three']]);
    expect(read(root, 'img_1.txt')).toBe('tag1, common, one, three');
    const redo = await ds.redo();
    expect(!redo.ok && redo.error.kind).toBe('nothing-to-redo');
    await ds.undo();
    await ds.undo();
    expect(read(root, 'img_1.txt')).toBe('tag1, common');
  });

  it('skips files changed by another program, records only what it wrote', async () => {
    const root = dataset(3);
    const ds = await Dataset.open(root);
    fs.writeFileSync(path.join(root, 'img_2.txt'), 'edited elsewhere');
    const res = await ds.applyChanges('batch', edit(ds, (t) => `ohwx, ${t}`));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.written).toBe(2);
    expect(res.value.conflicts).toEqual([{ path: 'img_2.txt', reason: 'changed on disk by another program' }]);
    expect(read(root, 'img_2.txt')).toBe('edited elsewhere');
    const entry = JSON.parse(read(root, '.tagsmith/journal/0000000001.json')!);
    expect(entry.files.map((f: { path: string }) => f.path)).toEqual(['img_1.txt', 'img_3.txt']);
  });

  it('a file that must not exist but does is a conflict; creating and deleting captions work and undo', async () => {
    const root = tree({ 'a.png': PNG, 'b.png': PNG, 'b.txt': 'bee', 'c.png': PNG, 'c.txt': 'sea' });
    const ds = await Dataset.open(root);
    fs.writeFileSync(path.join(root, 'c.txt.bak'), 'irrelevant');
    const res = await ds.applyChanges('mixed', [
      { captionRelPath: 'a.txt', before: null, after: 'new caption' },
      { captionRelPath: 'b.txt', before: 'bee', after: null },
      { captionRelPath: 'c.txt', before: null, after: 'clobber?' },
    ]);
    expect(res.ok && res.value.written).toBe(2);
    expect(res.ok && res.value.conflicts.map((c) => c.path)).toEqual(['c.txt']);
    expect(read(root, 'a.txt')).toBe('new caption');
    expect(read(root, 'b.txt')).toBeNull();
    expect(read(root, 'c.txt')).toBe('sea');
    expect(ds.images().find((r) => r.relPath === 'b.png')!.caption).toBeNull();
    await ds.undo();
    expect(read(root, 'a.txt')).toBeNull();
    expect(read(root, 'b.txt')).toBe('bee');
  });

  it('refuses an undo as a whole when any file changed since, writing nothing', async () => {
    const root = dataset(3);
    const ds = await Dataset.open(root);
    await ds.applyChanges('batch', edit(ds, (t) => `ohwx, ${t}`));
    fs.writeFileSync(path.join(root, 'img_3.txt'), 'hand edit');
    const before = listAll(root).map((f) => [f, read(root, f)]);
    const u = await ds.undo();
    expect(u.ok).toBe(false);
    if (u.ok) return;
    expect(u.error.kind).toBe('conflict');
    expect(u.error.message).toContain('img_3.txt');
    expect(u.error.conflicts).toEqual([{ path: 'img_3.txt', reason: 'changed on disk by another program' }]);
    expect(listAll(root).map((f) => [f, read(root, f)])).toEqual(before);
    expect(ds.history().head).toBe(1);
    // Put it back as we left it: now the undo goes through.
    fs.writeFileSync(path.join(root, 'img_3.txt'), 'ohwx, tag3, common');
    expect((await ds.undo()).ok).toBe(true);
    expect(read(root, 'img_3.txt')).toBe('tag3, common');
  });

  it('never rewrites a caption that is not valid UTF-8, and keeps unedited captions byte for byte', async () => {
    const latin1 = Buffer.from('caf\xe9, 1girl', 'latin1');
    const bomCrlf = Buffer.from('\uFEFFohwx, 1girl\r\nsecond line\r\n', 'utf8');
    const root = tree({ 'bad.png': PNG, 'bad.txt': latin1, 'bom.png': PNG, 'bom.txt': bomCrlf, 'ok.png': PNG, 'ok.txt': 'x' });
    const ds = await Dataset.open(root);
    const bad = ds.images().find((r) => r.relPath === 'bad.png')!;
    expect(bad.caption).toBeNull();
    expect(bad.captionError?.kind).toBe('invalid-utf8');
    expect(bad.captionError?.message).toContain('offset 3');
    const bom = ds.images().find((r) => r.relPath === 'bom.png')!;
    expect(bom.caption!.text.startsWith('\uFEFF')).toBe(true);

    const res = await ds.applyChanges('try', [
      { captionRelPath: 'bad.txt', before: 'café, 1girl', after: 'café, 1girl, fixed' },
      { captionRelPath: 'ok.txt', before: 'x', after: 'y' },
      { captionRelPath: 'bom.txt', before: bom.caption!.text, after: bom.caption!.text },
    ]);
    expect(res.ok && res.value.written).toBe(1);
    expect(res.ok && res.value.conflicts[0]?.path).toBe('bad.txt');
    expect(res.ok && res.value.conflicts[0]?.reason).toMatch(/never rewritten/);
    expect(readBytes(root, 'bad.txt').equals(latin1)).toBe(true);
    expect(readBytes(root, 'bom.txt').equals(bomCrlf)).toBe(true);

    // Even a caller that bypasses the in-memory state cannot overwrite it: the bytes never match.
    writeTree(root, { 'late.png': PNG });
    fs.writeFileSync(path.join(root, 'late.txt'), latin1);
    const sneaky = await ds.applyChanges('sneaky', [{ captionRelPath: 'late.txt', before: 'caf\uFFFD, 1girl', after: 'x' }]);
    expect(sneaky.ok && sneaky.value.written).toBe(0);
    expect(readBytes(root, 'late.txt').equals(latin1)).toBe(true);
  });

  it('drops no-op changes and records nothing when nothing is written', async () => {
    const root = dataset(2);
    const ds = await Dataset.open(root);
    const res = await ds.applyChanges('noop', edit(ds, (t) => t));
    expect(res).toEqual({ ok: true, value: { entry: null, written: 0, conflicts: [] } });
    fs.writeFileSync(path.join(root, 'img_1.txt'), 'changed');
    const res2 = await ds.applyChanges('stale', [{ captionRelPath: 'img_1.txt', before: 'tag1, common', after: 'z' }]);
    expect(res2.ok && res2.value.entry).toBeNull();
    expect(ds.history().entries).toEqual([]);
  });

  it.each([
    ['/etc/passwd.txt'],
    ['../outside.txt'],
    ['sub/../../x.txt'],
    ['..\\x.txt'],
    ['.tagsmith/settings.txt'],
    ['img_1.png'],
    ['img_1.json'],
    ['a\\b.txt'],
  ])('rejects the caption path %j without writing anything', async (p) => {
    const root = dataset(1);
    const ds = await Dataset.open(root);
    const res = await ds.applyChanges('bad', [{ captionRelPath: p, before: null, after: 'x' }]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe('invalid-path');
    expect(listAll(root)).toEqual(['img_1.png', 'img_1.txt']);
  });

  it('refuses to write through a symlinked folder pointing out of the root', async () => {
    const outside = tree({ 'victim.txt': 'keep me' });
    const root = dataset(1);
    fs.symlinkSync(outside, path.join(root, 'out'));
    const ds = await Dataset.open(root);
    const res = await ds.applyChanges('escape', [{ captionRelPath: 'out/victim.txt', before: 'keep me', after: 'owned' }]);
    expect(res.ok && res.value.written).toBe(0);
    expect(res.ok && res.value.conflicts[0]?.reason).toMatch(/outside/);
    expect(read(outside, 'victim.txt')).toBe('keep me');
  });

  it('saves a settings patch in the same entry and undo restores it', async () => {
    const root = dataset(2, { '.tagsmith/settings.json': JSON.stringify({ version: 1, custom: 'kept' }) });
    const ds = await Dataset.open(root);
    const res = await ds.applyChanges('trigger', edit(ds, (t) => `ohwx, ${t}`), { settings: { triggerWords: ['ohwx'] } });
    expect(res.ok && res.value.written).toBe(2);
    expect(ds.settings().triggerWords).toEqual(['ohwx']);
    expect(JSON.parse(read(root, '.tagsmith/settings.json')!)).toMatchObject({ triggerWords: ['ohwx'], custom: 'kept' });
    await ds.updateSettings({ focus: 'hands' }); // not journaled, must survive the undo
    await ds.undo();
    expect(ds.settings()).toMatchObject({ triggerWords: [], focus: 'hands', custom: 'kept' });
    await ds.redo();
    expect((await Dataset.open(root)).settings()).toMatchObject({ triggerWords: ['ohwx'], focus: 'hands' });
  });

  it('switching to .caption rescans', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': 'from txt', 'a.caption': 'from caption' });
    const ds = await Dataset.open(root);
    expect(ds.images()[0]!.caption!.text).toBe('from txt');
    await ds.updateSettings({ captionExtension: '.caption' });
    expect(ds.images()[0]).toMatchObject({ captionRelPath: 'a.caption', caption: { text: 'from caption' } });
    await expect(ds.updateSettings({ sentences: -1 })).rejects.toMatchObject({ kind: 'invalid-settings' });
  });

  it('keeps at most maxEntries, pruning the oldest', async () => {
    const root = dataset(1);
    const ds = await Dataset.open(root, { journal: { maxEntries: 3 } });
    for (let i = 0; i < 5; i++) await ds.applyChanges(`e${i}`, edit(ds, (t) => `${t}, ${i}`));
    expect(ds.history().entries.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(listAll(root).filter((f) => /journal\/\d+\.json$/.test(f))).toEqual([
      '.tagsmith/journal/0000000003.json',
      '.tagsmith/journal/0000000004.json',
      '.tagsmith/journal/0000000005.json',
    ]);
    for (let i = 0; i < 3; i++) expect((await ds.undo()).ok).toBe(true);
    expect(read(root, 'img_1.txt')).toBe('tag1, common, 0, 1');
    expect((await ds.undo()).ok).toBe(false);
  });

  it('serialises concurrent mutations of one instance', async () => {
    const root = dataset(1);
    const ds = await Dataset.open(root);
    const [a, b] = await Promise.all([
      ds.applyChanges('a', [{ captionRelPath: 'img_1.txt', before: 'tag1, common', after: 'A' }]),
      ds.applyChanges('b', [{ captionRelPath: 'img_1.txt', before: 'A', after: 'B' }]),
    ]);
    expect(a.ok && a.value.written).toBe(1);
    expect(b.ok && b.value.written).toBe(1);
    expect(read(root, 'img_1.txt')).toBe('B');
  });

  it('refuses to mutate while another live process holds the lock', async () => {
    const root = dataset(1);
    const ds = await Dataset.open(root);
    fs.mkdirSync(path.join(root, '.tagsmith'), { recursive: true });
    fs.writeFileSync(path.join(root, '.tagsmith', 'lock'), `${process.ppid}\nother\n`);
    const res = await ds.applyChanges('x', [{ captionRelPath: 'img_1.txt', before: 'tag1, common', after: 'y' }]);
    expect(!res.ok && res.error.kind).toBe('locked');
    expect(read(root, 'img_1.txt')).toBe('tag1, common');
  });
});
