import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { listAll, makeTree, PNG, read, removeTree } from '../dataset/test-fixtures.ts';
import { tempWriterOf } from '../fs/atomic-write.ts';
import { FileReader, RACY_WINDOW_MS, type FileStamp } from '../fs/file-reader.ts';
import { startWriteWorkers, writeFiles } from './transaction.ts';
import type { WriteItem } from './write-one.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function tree(files: Record<string, string | Uint8Array>): string {
  const root = makeTree(files);
  roots.push(root);
  return root;
}

/** Sets a file's mtime (and atime) to `ms`; its ctime becomes "now", as for any program doing so. */
const setMtime = (root: string, rel: string, ms: number) => fs.utimesSync(path.join(root, rel), ms / 1000, ms / 1000);
const stampOf = (root: string, rel: string): FileStamp => new FileReader().read(path.join(root, rel))!.stamp;
const tempFiles = (root: string) => listAll(root).filter((f) => f.endsWith('.tmp'));

describe('writeFiles: the stat shortcut instead of a re-read (racy-clean rule)', () => {
  it('trusts an unchanged stamp only when the file was older than the racy window at the read', async () => {
    const root = tree({ 'a.txt': 'old', 'b.txt': 'old' });
    // What a file system with coarse timestamps would show after a same-size change by another program
    // right after our read: the stamp we took still matches the file's lstat exactly.
    fs.writeFileSync(path.join(root, 'a.txt'), 'new');
    fs.writeFileSync(path.join(root, 'b.txt'), 'new');
    const racy = stampOf(root, 'a.txt');
    racy.readAtMs = Math.max(racy.mtimeMs, racy.ctimeMs) + RACY_WINDOW_MS - 500;
    const old = stampOf(root, 'b.txt');
    old.readAtMs = Math.max(old.mtimeMs, old.ctimeMs) + RACY_WINDOW_MS + 500;
    const failed = await writeFiles(root, [
      { path: 'a.txt', source: 'old', text: 'mine', known: racy },
      { path: 'b.txt', source: 'old', text: 'mine', known: old },
    ], {});
    // Within the window the stamp proves nothing: a.txt is re-read, found changed and left alone.
    expect(failed).toEqual(new Map([['a.txt', 'changed on disk by another program']]));
    expect(read(root, 'a.txt')).toBe('new');
    // Outside it the matching stamp is believed without reading (shown by a stamp that lies on purpose).
    expect(read(root, 'b.txt')).toBe('mine');
  });

  it('re-reads when size, inode, mtime or ctime differ from the stamp, and never overwrites a changed file', async () => {
    const root = tree({ 'size.txt': 'old', 'ino.txt': 'old', 'mtime.txt': 'old', 'ctime.txt': 'old', 'same.txt': 'old' });
    const hourAgo = Date.now() - 3_600_000;
    for (const f of ['size.txt', 'ino.txt', 'mtime.txt', 'ctime.txt', 'same.txt']) setMtime(root, f, hourAgo);
    const stamps = Object.fromEntries(['size.txt', 'ino.txt', 'mtime.txt', 'ctime.txt', 'same.txt'].map((f) => [f, stampOf(root, f)]));
    // Trustworthy stamps: taken now, of files an hour old. Then another program changes four files.
    fs.writeFileSync(path.join(root, 'size.txt'), 'longer');
    fs.writeFileSync(path.join(root, '.x'), 'oth');
    fs.renameSync(path.join(root, '.x'), path.join(root, 'ino.txt'));
    setMtime(root, 'ino.txt', stamps['ino.txt']!.mtimeMs); // same size and mtime, another inode
    fs.writeFileSync(path.join(root, 'mtime.txt'), 'oth'); // in place, same size
    fs.writeFileSync(path.join(root, 'ctime.txt'), 'oth');
    setMtime(root, 'ctime.txt', stamps['ctime.txt']!.mtimeMs); // in place, mtime put back: only ctime tells
    const items: WriteItem[] = Object.keys(stamps).map((p) => ({ path: p, source: 'old', text: 'mine', known: stamps[p] }));
    const failed = await writeFiles(root, items, {});
    expect([...failed.keys()].sort()).toEqual(['ctime.txt', 'ino.txt', 'mtime.txt', 'size.txt']);
    expect(read(root, 'size.txt')).toBe('longer');
    for (const f of ['ino.txt', 'mtime.txt', 'ctime.txt']) expect(read(root, f)).toBe('oth');
    expect(read(root, 'same.txt')).toBe('mine');
  });

  it('writes a file whose stamp no longer matches when a re-read shows it still holds its source', async () => {
    const root = tree({ 'a.txt': 'old' });
    const stamp = { ...stampOf(root, 'a.txt'), ino: -1, readAtMs: Date.now() + 3_600_000 };
    expect(await writeFiles(root, [{ path: 'a.txt', source: 'old', text: 'mine', known: stamp }], {})).toEqual(new Map());
    expect(read(root, 'a.txt')).toBe('mine');
  });
});

describe('writeFiles on worker threads', () => {
  it('writes every file that holds its source, reports the others, and calls onWritten once per file', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 700; i++) files[`c_${i}.txt`] = `before ${i}`;
    const root = tree(files);
    fs.writeFileSync(path.join(root, 'c_3.txt'), 'someone else');
    fs.writeFileSync(path.join(root, 'c_650.txt'), 'after 650'); // already done (a resumed batch)
    fs.rmSync(path.join(root, 'c_400.txt'));
    const items: WriteItem[] = Object.keys(files).map((p, i) => ({ path: p, source: `before ${i}`, text: `after ${i}` }));
    const written = new Map<string, number>();
    const progress: number[] = [];
    const failed = await writeFiles(root, items, {
      onWritten: (p) => written.set(p, (written.get(p) ?? 0) + 1),
      onProgress: (p) => progress.push(p.done),
    }, { parallel: true, minFiles: 1, workerCount: 1 });
    expect([...failed.keys()].sort()).toEqual(['c_3.txt', 'c_400.txt']);
    expect(read(root, 'c_3.txt')).toBe('someone else');
    expect(read(root, 'c_400.txt')).toBeNull();
    for (let i = 0; i < 700; i++) if (i !== 3 && i !== 400) expect(read(root, `c_${i}.txt`)).toBe(`after ${i}`);
    expect(written.size).toBe(698);
    expect([...written.values()].every((n) => n === 1)).toBe(true);
    expect(progress.at(-1)).toBe(700);
    expect(tempFiles(root)).toEqual([]);
  }, 60_000);

  it('off the main thread: every file is written by a worker, none by this thread (an editor keeps answering)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`c_${i}.txt`] = `before ${i}`;
    const items: WriteItem[] = Object.keys(files).map((p, i) => ({ path: p, source: `before ${i}`, text: `after ${i}` }));
    // Worker threads load fs on their own: a spy on this thread's fs sees this thread's renames only.
    const renames = vi.spyOn(fs, 'renameSync');
    try {
      const off = tree(files);
      const failed = await writeFiles(off, items, {}, { parallel: true, minFiles: 1, workerCount: 2, offMainThread: true });
      expect(failed.size).toBe(0);
      for (let i = 0; i < 600; i++) expect(read(off, `c_${i}.txt`)).toBe(`after ${i}`);
      expect(renames).not.toHaveBeenCalled();
      // The default shares the work with this thread.
      const shared = tree(files);
      await writeFiles(shared, items, {}, { parallel: true, minFiles: 1, workerCount: 1 });
      expect(renames).toHaveBeenCalled();
    } finally {
      renames.mockRestore();
    }
  }, 60_000);

  it('uses write workers its caller started ahead, ready before the first write, and leaves them open', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`c_${i}.txt`] = `before ${i}`;
    const items: WriteItem[] = Object.keys(files).map((p, i) => ({ path: p, source: `before ${i}`, text: `after ${i}` }));
    const opts = { parallel: true, minFiles: 1, workerCount: 2, offMainThread: true };
    // Nothing to start for a batch this thread writes: too small, or a rename's ordered pair.
    expect(startWriteWorkers(items, { ...opts, minFiles: 1_000 })).toBeNull();
    expect(startWriteWorkers([...items, { path: 'd.txt', source: null, text: 'x', requires: 'c_0.txt' }], opts)).toBeNull();
    const workers = startWriteWorkers(items, opts)!;
    try {
      // Their start overlaps the caller's own work (the journal entry) instead of the first write.
      await vi.waitFor(() => expect(workers.readyWorkers).toBe(2), { timeout: 30_000, interval: 20 });
      const root = tree(files);
      const renames = vi.spyOn(fs, 'renameSync');
      try {
        expect((await writeFiles(root, items, {}, { ...opts, workers })).size).toBe(0);
        expect(renames).not.toHaveBeenCalled();
      } finally {
        renames.mockRestore();
      }
      for (let i = 0; i < 300; i++) expect(read(root, `c_${i}.txt`)).toBe(`after ${i}`);
      // Still open: the caller closes them (a refused undo never writes, and closes them too).
      expect(workers.readyWorkers).toBe(2);
    } finally {
      await workers.close();
    }
    expect(workers.readyWorkers).toBe(0);
  }, 60_000);

  it("names a worker's temp files apart from the main thread's, with the pid a later open checks", () => {
    expect(tempWriterOf('.a.txt.tagsmith-4242-3-17.tmp')).toEqual({ host: null, pid: 4242 });
    expect(tempWriterOf('.a.txt.tagsmith-4242-17.tmp')).toEqual({ host: null, pid: 4242 });
    expect(tempWriterOf('.a.txt.tagsmith-h0a1b2c3d-4242-3-17.tmp')).toEqual({ host: '0a1b2c3d', pid: 4242 });
  });
});

describe('a batch edit with stamps from the read at open', () => {
  /** Old captions have mtime and ctime past the racy window when opened (ctime cannot be set back: wait). */
  async function dataset(n: number, old: boolean): Promise<string> {
    const files: Record<string, string | Uint8Array> = {};
    for (let i = 1; i <= n; i++) {
      files[`img_${i}.png`] = PNG;
      files[`img_${i}.txt`] = `before ${i}`;
    }
    const root = tree(files);
    if (old) await new Promise((r) => setTimeout(r, RACY_WINDOW_MS + 100));
    return root;
  }
  const change = (ds: Dataset) => ds.applyChanges('batch', ds.images().map((r) => ({ captionRelPath: r.captionRelPath, before: r.caption!.text, after: r.caption!.text.replace('before', 'after') })));

  for (const [what, age] of [['old captions (stamps trusted)', true], ['fresh captions (inside the racy window)', false]] as const) {
    it(`never overwrites a same-size change made after the open: ${what}`, { timeout: 20_000 }, async () => {
      const root = await dataset(4, age);
      const ds = await Dataset.open(root);
      const mtime = fs.statSync(path.join(root, 'img_2.txt')).mtimeMs;
      fs.writeFileSync(path.join(root, 'img_2.txt'), 'theirs 2'); // same byte length as "before 2"
      setMtime(root, 'img_2.txt', mtime); // and the old mtime, as a coarse-timestamp file system could show
      const res = await change(ds);
      expect(res.ok && res.value.conflicts).toEqual([{ path: 'img_2.txt', reason: 'changed on disk by another program' }]);
      expect(read(root, 'img_2.txt')).toBe('theirs 2');
      for (const i of [1, 3, 4]) expect(read(root, `img_${i}.txt`)).toBe(`after ${i}`);
    });
  }

  it('reads each old caption once (at open), a fresh one again before its write', { timeout: 20_000 }, async () => {
    for (const [old, rereads] of [[true, 0], [false, 3]] as const) {
      const root = await dataset(3, old);
      const ds = await Dataset.open(root);
      const reads = vi.spyOn(FileReader.prototype, 'read');
      try {
        const res = await change(ds);
        expect(res.ok && res.value.written).toBe(3);
        expect(reads).toHaveBeenCalledTimes(rereads);
      } finally {
        reads.mockRestore();
      }
    }
  });

  it('takes the stat shortcut only for text that came from that read', { timeout: 20_000 }, async () => {
    const root = await dataset(2, true);
    const ds = await Dataset.open(root);
    // A caller whose `before` is not what was read (a stale editor) gets the full comparison.
    const res = await ds.applyChanges('batch', [{ captionRelPath: 'img_1.txt', before: 'stale!!!', after: 'x' }]);
    expect(res.ok && res.value.conflicts).toEqual([{ path: 'img_1.txt', reason: 'changed on disk by another program' }]);
    expect(read(root, 'img_1.txt')).toBe('before 1');
  });
});
