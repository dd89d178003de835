import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExternalChange } from '../dataset/dataset.ts';
import { Dataset } from '../dataset/dataset.ts';
import { makeTree, PNG, removeTree } from '../dataset/test-fixtures.ts';
import { isHiddenRel } from './watch-tree.ts';

const roots: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  roots.splice(0).forEach(removeTree);
});

function waitFor(events: ExternalChange[], pred: (e: ExternalChange) => boolean, ms = 5000): Promise<ExternalChange> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = setInterval(() => {
      const hit = events.find(pred);
      if (hit) {
        clearInterval(tick);
        resolve(hit);
      } else if (Date.now() - t0 > ms) {
        clearInterval(tick);
        reject(new Error(`no matching event; got ${JSON.stringify(events)}`));
      }
    }, 10);
  });
}

describe('Dataset.watch', () => {
  it('reports outside edits, additions and removals, but not our own writes', async () => {
    const root = makeTree({ 'a.png': PNG, 'a.txt': 'one', 'b.png': PNG, 'b.txt': 'two', 'c.png': PNG, 'c.txt': 'three' });
    roots.push(root);
    const ds = await Dataset.open(root);
    const events: ExternalChange[] = [];
    stops.push(await ds.watch((e) => events.push(e)));

    fs.writeFileSync(path.join(root, 'a.txt'), 'one, edited outside');
    await waitFor(events, (e) => e.path === 'a.txt');
    expect(events).toContainEqual({ path: 'a.txt', kind: 'changed', target: 'caption' });
    expect(ds.images()[0]!.caption!.text).toBe('one, edited outside');

    const res = await ds.applyChanges('ours', [{ captionRelPath: 'b.txt', before: 'two', after: 'two, ours' }]);
    expect(res.ok && res.value.written).toBe(1);
    // An outside write after ours: once its event is in, any event for our write would be too.
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(path.join(root, 'c.txt'), 'three, outside');
    await waitFor(events, (e) => e.path === 'c.txt');
    expect(events.filter((e) => e.path === 'b.txt')).toEqual([]);
    expect(ds.images()[1]!.caption!.text).toBe('two, ours');

    fs.writeFileSync(path.join(root, 'd.txt'), 'four');
    fs.writeFileSync(path.join(root, 'd.png'), PNG);
    await waitFor(events, (e) => e.path === 'd.png');
    expect(ds.images().find((r) => r.relPath === 'd.png')!.caption!.text).toBe('four');

    fs.unlinkSync(path.join(root, 'a.png'));
    await waitFor(events, (e) => e.path === 'a.png' && e.kind === 'removed');
    expect(ds.images().map((r) => r.relPath)).toEqual(['b.png', 'c.png', 'd.png']);
    expect(ds.orphanCaptions()).toEqual(['a.txt']);

    fs.unlinkSync(path.join(root, 'c.txt'));
    await waitFor(events, (e) => e.path === 'c.txt' && e.kind === 'removed');
    expect(ds.images()[1]!.caption).toBeNull();

    // Hidden paths (the journal, our temps) never produce events.
    expect(events.some((e) => isHiddenRel(e.path))).toBe(false);
  });

  it('sees a folder moved in with its files, and forgets what was under a folder that went', async () => {
    const root = makeTree({ 'a.png': PNG, 'a.txt': 'one' });
    roots.push(root);
    const ds = await Dataset.open(root);
    const events: ExternalChange[] = [];
    stops.push(await ds.watch((e) => events.push(e)));
    // Built outside, then renamed in: the native watcher reports only the folder.
    const staging = `${root}-staging`;
    roots.push(staging);
    fs.mkdirSync(path.join(staging, 'deep'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'deep', 'b.png'), PNG);
    fs.writeFileSync(path.join(staging, 'deep', 'b.txt'), 'two');
    fs.renameSync(staging, path.join(root, 'sub'));
    await waitFor(events, (e) => e.path === 'sub/deep/b.png' && e.kind === 'added');
    expect(ds.image('sub/deep/b.png')!.caption!.text).toBe('two');

    fs.renameSync(path.join(root, 'sub'), staging);
    await waitFor(events, (e) => e.path === 'sub/deep/b.png' && e.kind === 'removed');
    expect(ds.images().map((r) => r.relPath)).toEqual(['a.png']);
    expect(ds.orphanCaptions()).toEqual([]);
  });

  it('hears the journal of a first edit made elsewhere, whose folder did not exist yet', async () => {
    const root = makeTree({ 'a.png': PNG, 'a.txt': 'one' });
    roots.push(root);
    const ds = await Dataset.open(root);
    let journalChanges = 0;
    ds.onJournalChange(() => journalChanges++);
    stops.push(await ds.watch(() => undefined));
    expect(fs.existsSync(path.join(root, '.tagsmith', 'journal'))).toBe(false);
    const other = await Dataset.open(root);
    const res = await other.applyChanges('elsewhere', [{ captionRelPath: 'a.txt', before: 'one', after: 'two' }]);
    expect(res.ok && res.value.written).toBe(1);
    await vi.waitFor(() => expect(journalChanges).toBeGreaterThan(0), { timeout: 3000 });
    expect(ds.history().entries.map((e) => e.label)).toEqual(['elsewhere']);
  });

  it('a caption turned invalid UTF-8 outside becomes read-only', async () => {
    const root = makeTree({ 'a.png': PNG, 'a.txt': 'fine' });
    roots.push(root);
    const ds = await Dataset.open(root);
    const events: ExternalChange[] = [];
    stops.push(await ds.watch((e) => events.push(e)));
    fs.writeFileSync(path.join(root, 'a.txt'), Buffer.from([0x66, 0xff]));
    await waitFor(events, (e) => e.path === 'a.txt');
    expect(ds.images()[0]!.captionError?.kind).toBe('invalid-utf8');
    const res = await ds.applyChanges('x', [{ captionRelPath: 'a.txt', before: 'fine', after: 'y' }]);
    expect(res.ok && res.value.written).toBe(0);
    expect(fs.readFileSync(path.join(root, 'a.txt'))).toEqual(Buffer.from([0x66, 0xff]));
  });
});

describe('isHiddenRel', () => {
  it.each([
    ['.tagsmith/journal/state.json', true],
    ['sub/.a.txt.tagsmith-1-2.tmp', true],
    ['.git', true],
    ['a/b.txt', false],
    ['a.b/c.txt', false],
  ])('%s -> %s', (p, hidden) => expect(isHiddenRel(p)).toBe(hidden));

  it('announces a caption written in place once, with its text, though a watcher may report only its first event', async () => {
    const root = makeTree({ 'a.png': PNG, 'a.txt': 'one' });
    roots.push(root);
    const ds = await Dataset.open(root);
    const seen: string[] = [];
    stops.push(await ds.watch(() => seen.push(ds.images()[0]!.caption?.text ?? '(none)')));
    // Truncate, then write 20 ms later: a watcher may report the truncation alone.
    const fd = fs.openSync(path.join(root, 'a.txt'), 'w');
    await new Promise((r) => setTimeout(r, 20));
    fs.writeSync(fd, 'one, written in place');
    fs.closeSync(fd);
    await vi.waitFor(() => expect(seen).toContain('one, written in place'), { timeout: 3000 });
    // The empty file in between was never announced.
    expect(seen).not.toContain('');
  });

});
