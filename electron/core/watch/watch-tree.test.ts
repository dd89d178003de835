import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { QUIET_MIN_FILES, watchTree, type TreeEvent } from './watch-tree.ts';

const roots: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  roots.splice(0).forEach(removeTree);
});

async function watched(files: Record<string, string>, hidden: string[] = []) {
  const root = makeTree(files);
  roots.push(root);
  const events: TreeEvent[] = [];
  const tree = await watchTree(root, (e) => events.push(e), (e) => events.push({ relPath: `error: ${String(e)}`, event: 'change' }), hidden);
  stops.push(() => tree.stop());
  const seen = (rel: string, event?: TreeEvent['event']) => events.some((e) => e.relPath === rel && (!event || e.event === event));
  return { root, tree, events, seen, abs: (rel: string) => path.join(root, ...rel.split('/')) };
}

const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchTree', () => {
  it('tells added from changed, reports removals, ignores hidden files and a chmod', async () => {
    const w = await watched({ 'a.txt': 'one', 'sub/b.txt': 'two', '.git/x': 'hidden' });
    fs.writeFileSync(w.abs('sub/b.txt'), 'two, edited');
    fs.writeFileSync(w.abs('c.txt'), 'three');
    fs.writeFileSync(w.abs('.git/y'), 'hidden too');
    fs.writeFileSync(w.abs('sub/.b.txt.tagsmith-1-2.tmp'), 'temp');
    fs.chmodSync(w.abs('a.txt'), 0o600);
    await vi.waitFor(() => expect(w.seen('c.txt', 'add') && w.seen('sub/b.txt', 'change')).toBe(true), { timeout: 3000 });
    fs.unlinkSync(w.abs('c.txt'));
    await vi.waitFor(() => expect(w.seen('c.txt', 'unlink')).toBe(true), { timeout: 3000 });
    await quiet(200);
    expect(w.events.map((e) => `${e.event} ${e.relPath}`)).toEqual(['change sub/b.txt', 'add c.txt', 'unlink c.txt']);
  });

  it('reports a wanted hidden file, also when its folder is created later, and nothing else there', async () => {
    const w = await watched({ 'a.txt': 'one' }, ['.tagsmith/journal/state.json']);
    fs.mkdirSync(w.abs('.tagsmith/journal'), { recursive: true });
    fs.writeFileSync(w.abs('.tagsmith/journal/000001.json'), '{}');
    fs.writeFileSync(w.abs('.tagsmith/journal/state.json'), '{}');
    await vi.waitFor(() => expect(w.seen('.tagsmith/journal/state.json', 'add')).toBe(true), { timeout: 3000 });
    await quiet(200);
    expect(w.events.map((e) => e.relPath)).toEqual(['.tagsmith/journal/state.json']);
  });

  it('reports a symbolic link as a file and does not follow it', async () => {
    const outside = makeTree({ 'secret.txt': 'outside' });
    roots.push(outside);
    const w = await watched({ 'a.txt': 'one' });
    fs.symlinkSync(outside, w.abs('linked'));
    await vi.waitFor(() => expect(w.seen('linked', 'add')).toBe(true), { timeout: 3000 });
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'changed');
    await quiet(300);
    expect(w.events.some((e) => e.relPath.startsWith('linked/'))).toBe(false);
  });

  it('sees a folder deleted with its files as one unlinkDir, and a new folder filled right after mkdir', async () => {
    const w = await watched({ 'deep/er/a.txt': 'one', 'deep/b.txt': 'two' });
    fs.rmSync(w.abs('deep'), { recursive: true });
    await vi.waitFor(() => expect(w.seen('deep', 'unlinkDir')).toBe(true), { timeout: 3000 });
    fs.mkdirSync(w.abs('fresh/inner'), { recursive: true });
    fs.writeFileSync(w.abs('fresh/inner/c.txt'), 'three');
    await vi.waitFor(() => expect(w.seen('fresh/inner/c.txt', 'add')).toBe(true), { timeout: 3000 });
    // Once removed, the old folder's files are not reported again.
    expect(w.events.filter((e) => e.relPath.startsWith('deep/') && !e.event.startsWith('unlink'))).toEqual([]);
  });

  it('loses nothing when the kernel queue overflows: a burst written while the thread was busy is found by listing', async () => {
    // 10,000 files created (2 events each) while this thread is blocked in spawnSync: more events than
    // Linux queues by default (16,384), so without the listing after a burst some would never be heard.
    const w = await watched({ 'keep.txt': 'k', 'gone.txt': 'g' });
    const script = `const fs=require('fs'),p=require('path');const d=process.argv[1];
      for(let i=0;i<10000;i++)fs.writeFileSync(p.join(d,'f'+i+'.txt'),'x'+i);
      fs.writeFileSync(p.join(d,'keep.txt'),'kept, but changed');fs.unlinkSync(p.join(d,'gone.txt'));`;
    const r = spawnSync(process.execPath, ['-e', script, w.root]);
    expect(r.status).toBe(0);
    await vi.waitFor(
      () => {
        const added = new Set(w.events.filter((e) => e.event === 'add').map((e) => e.relPath));
        expect(added.size).toBe(10_000);
        expect(w.seen('keep.txt', 'change') && w.seen('gone.txt', 'unlink')).toBe(true);
      },
      { timeout: 20_000, interval: 200 },
    );
    // Each file once: the listing does not repeat what the events already said.
    expect(w.events.filter((e) => e.event === 'add')).toHaveLength(10_000);
  }, 40_000);

  it("quiets a folder a big batch writes: the batch's own writes are not reported, another program's are, once it ends", async () => {
    const n = QUIET_MIN_FILES + 50;
    const files: Record<string, string> = { 'sub/other.txt': 'o', 'theirs.txt': 't', 'gone.txt': 'g' };
    for (let i = 0; i < n; i++) files[`c${i}.txt`] = `before ${i}`;
    const w = await watched(files);
    const ours = new Map<string, number>();
    const batch = Array.from({ length: n }, (_, i) => `c${i}.txt`);
    const listenAgain = await w.tree.quietFor(batch, (rel, st) => ours.get(rel) === st.mtimeMs);
    for (const rel of batch) {
      const tmp = w.abs(`.${rel}.tmp`);
      fs.writeFileSync(tmp, `after ${rel}`);
      fs.renameSync(tmp, w.abs(rel));
      ours.set(rel, fs.lstatSync(w.abs(rel)).mtimeMs);
    }
    // Meanwhile another program changes, adds and removes files in the quiet folder, and in a subfolder.
    fs.writeFileSync(w.abs('theirs.txt'), 'changed by them');
    fs.writeFileSync(w.abs('new.txt'), 'new');
    fs.unlinkSync(w.abs('gone.txt'));
    fs.writeFileSync(w.abs('sub/other.txt'), 'changed too');
    // The batch overwrote one of its files again after its own write: not ours any more.
    fs.writeFileSync(w.abs('c3.txt'), 'someone else, later');
    await vi.waitFor(() => expect(w.seen('sub/other.txt', 'change')).toBe(true), { timeout: 3000 });
    await quiet(300);
    // Nothing is heard from the quiet folder while the batch runs.
    expect(w.events.map((e) => e.relPath)).toEqual(['sub/other.txt']);
    await listenAgain();
    await vi.waitFor(() => expect(w.events).toHaveLength(5), { timeout: 3000 });
    expect(w.events.map((e) => `${e.event} ${e.relPath}`).sort()).toEqual(['add new.txt', 'change c3.txt', 'change sub/other.txt', 'change theirs.txt', 'unlink gone.txt']);
    // Listening again: a later write is heard as usual.
    fs.writeFileSync(w.abs('c7.txt'), 'after the batch');
    await vi.waitFor(() => expect(w.seen('c7.txt', 'change')).toBe(true), { timeout: 3000 });
  });

  it('keeps listening through a batch too small to be worth a listing', async () => {
    const w = await watched({ 'a.txt': 'one', 'b.txt': 'two' });
    const listenAgain = await w.tree.quietFor(['a.txt'], () => true);
    fs.writeFileSync(w.abs('a.txt'), 'one, edited');
    await vi.waitFor(() => expect(w.seen('a.txt', 'change')).toBe(true), { timeout: 3000 });
    await listenAgain();
  });
});
