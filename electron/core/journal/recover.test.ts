import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { listAll, makeTree, PNG, read, removeTree } from '../dataset/test-fixtures.ts';
import { JournalStore } from './store.ts';
import type { JournalEntry } from './types.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function dataset(n: number): string {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 1; i <= n; i++) {
    files[`img_${i}.png`] = PNG;
    files[`img_${i}.txt`] = `before ${i}`;
  }
  const root = makeTree(files);
  roots.push(root);
  return root;
}

const storeOf = (root: string) => new JournalStore(path.join(root, '.tagsmith', 'journal'));
const journalFiles = (root: string) => listAll(root).filter((f) => f.startsWith('.tagsmith/journal/'));

function entryFor(n: number, seq = 1): JournalEntry {
  return {
    id: String(seq).padStart(10, '0'),
    seq,
    time: new Date().toISOString(),
    label: 'batch',
    files: Array.from({ length: n }, (_, k) => ({ path: `img_${k + 1}.txt`, before: `before ${k + 1}`, after: `after ${k + 1}` })),
  };
}

describe('recovery of an interrupted batch', () => {
  it('rolls forward on open, leaves a file changed meanwhile alone and reports it', async () => {
    const root = dataset(6);
    const store = storeOf(root);
    // What a process killed mid-batch leaves: durable entry + marker, then some renames done.
    await store.writeEntry(entryFor(6));
    await store.writePending({ seq: 1, direction: 'apply' });
    for (const i of [1, 2, 3]) fs.writeFileSync(path.join(root, `img_${i}.txt`), `after ${i}`);
    fs.writeFileSync(path.join(root, 'img_5.txt'), 'someone else');
    fs.writeFileSync(path.join(root, '.img_4.txt.tagsmith-999999-1.tmp'), 'after'); // never renamed

    const ds = await Dataset.open(root);
    expect(ds.recovery()).toEqual({
      seq: 1,
      label: 'batch',
      direction: 'apply',
      finished: ['img_4.txt', 'img_6.txt'],
      alreadyDone: 3,
      conflicts: [{ path: 'img_5.txt', reason: 'changed on disk by another program' }],
    });
    for (const i of [1, 2, 3, 4, 6]) expect(read(root, `img_${i}.txt`)).toBe(`after ${i}`);
    expect(read(root, 'img_5.txt')).toBe('someone else');
    expect(ds.images().map((r) => r.caption!.text)).toEqual(['after 1', 'after 2', 'after 3', 'after 4', 'someone else', 'after 6']);
    expect(ds.history()).toMatchObject({ head: 1, entries: [{ seq: 1, files: 5, applied: true }] });
    expect(journalFiles(root)).toEqual(['.tagsmith/journal/0000000001.json', '.tagsmith/journal/state.json']);
    expect(listAll(root).some((f) => f.endsWith('.tmp'))).toBe(false);

    // The finished batch is an ordinary entry: undo reverts the five files it owns.
    const u = await ds.undo();
    expect(u.ok && u.value.written).toBe(5);
    for (const i of [1, 2, 3, 4, 6]) expect(read(root, `img_${i}.txt`)).toBe(`before ${i}`);
    expect(read(root, 'img_5.txt')).toBe('someone else');
  });

  it('finishes an interrupted undo', async () => {
    const root = dataset(4);
    const ds = await Dataset.open(root);
    await ds.applyChanges('batch', ds.images().map((r) => ({ captionRelPath: r.captionRelPath, before: r.caption!.text, after: r.caption!.text.replace('before', 'after') })));
    await storeOf(root).writePending({ seq: 1, direction: 'revert' });
    fs.writeFileSync(path.join(root, 'img_2.txt'), 'before 2');

    const again = await Dataset.open(root);
    expect(again.recovery()).toMatchObject({ direction: 'revert', finished: ['img_1.txt', 'img_3.txt', 'img_4.txt'], alreadyDone: 1, conflicts: [] });
    for (let i = 1; i <= 4; i++) expect(read(root, `img_${i}.txt`)).toBe(`before ${i}`);
    expect(again.history()).toMatchObject({ head: 0, entries: [{ seq: 1, applied: false }] });
    expect((await again.redo()).ok).toBe(true);
    expect(read(root, 'img_4.txt')).toBe('after 4');
  });

  it('is idempotent when the crash came after the state update', async () => {
    const root = dataset(2);
    const ds = await Dataset.open(root);
    await ds.applyChanges('batch', ds.images().map((r) => ({ captionRelPath: r.captionRelPath, before: r.caption!.text, after: 'x' + r.caption!.text })));
    await storeOf(root).writePending({ seq: 1, direction: 'apply' });
    const again = await Dataset.open(root);
    expect(again.recovery()).toMatchObject({ finished: [], alreadyDone: 2, conflicts: [] });
    expect(again.history()).toMatchObject({ head: 1, entries: [{ seq: 1, files: 2 }] });
  });

  it('discards an entry written just before a crash that came before its marker', async () => {
    const root = dataset(2);
    const ds = await Dataset.open(root);
    await ds.applyChanges('real', [{ captionRelPath: 'img_1.txt', before: 'before 1', after: 'real 1' }]);
    // Nothing was applied for entry 2: it must not show up as something to redo.
    await storeOf(root).writeEntry({ ...entryFor(2, 2), label: 'ghost' });
    const again = await Dataset.open(root);
    expect(again.recovery()).toBeNull();
    expect(again.history().entries.map((e) => e.label)).toEqual(['real']);
    const redo = await again.redo();
    expect(!redo.ok && redo.error.kind).toBe('nothing-to-redo');
    expect(read(root, 'img_2.txt')).toBe('before 2');
    await again.applyChanges('next', [{ captionRelPath: 'img_2.txt', before: 'before 2', after: 'next 2' }]);
    const entry2 = JSON.parse(read(root, '.tagsmith/journal/0000000002.json')!);
    expect(entry2.label).toBe('next');
  });

  it('a mutation first finishes a batch another process left behind', async () => {
    const root = dataset(3);
    const ds = await Dataset.open(root);
    const store = storeOf(root);
    await store.writeEntry(entryFor(2));
    await store.writePending({ seq: 1, direction: 'apply' });
    fs.writeFileSync(path.join(root, 'img_1.txt'), 'after 1');
    const res = await ds.applyChanges('mine', [{ captionRelPath: 'img_3.txt', before: 'before 3', after: 'mine 3' }]);
    expect(res.ok && res.value.entry?.seq).toBe(2);
    expect(ds.recovery()).toMatchObject({ seq: 1, finished: ['img_2.txt'], alreadyDone: 1 });
    expect(ds.images().map((r) => r.caption!.text)).toEqual(['after 1', 'after 2', 'mine 3']);
    expect(ds.history().head).toBe(2);
  });

  it('survives SIGKILL at a random point of a real batch: every file old or new, journal in agreement', async () => {
    const n = 1500;
    const root = dataset(n);
    const here = path.dirname(fileURLToPath(import.meta.url));
    const script = path.join(root, '.tagsmith-kill-script.mts');
    fs.writeFileSync(
      script,
      `import { Dataset } from ${JSON.stringify(path.join(here, '..', 'dataset', 'dataset.ts'))};
const ds = await Dataset.open(process.argv[2]);
process.stdout.write('ready\\n');
await ds.applyChanges('big', ds.images().map((r) => ({ captionRelPath: r.captionRelPath, before: r.caption.text, after: r.caption.text.replace('before', 'after') })));
process.stdout.write('done\\n');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, root], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pending = path.join(root, '.tagsmith', 'journal', 'pending.json');
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => resolve());
      child.on('error', reject);
      const poll = setInterval(() => {
        if (fs.existsSync(pending)) {
          clearInterval(poll);
          setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
        }
      }, 1);
      child.on('exit', () => clearInterval(poll));
    });

    const ds = await Dataset.open(root);
    const texts = ds.images().map((r) => r.caption!.text);
    // Usually the kill lands mid-batch (recovery finishes it); if the child was faster, nothing is left to do.
    const rec = ds.recovery();
    if (rec) expect(rec.finished.length + rec.alreadyDone).toBe(n);
    expect(texts.every((t, i) => t === `after ${i + 1}`)).toBe(true);
    expect(ds.history()).toMatchObject({ head: 1, entries: [{ seq: 1, files: n }] });
    expect(listAll(root).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(fs.existsSync(pending)).toBe(false);
    const u = await ds.undo();
    expect(u.ok && u.value.written).toBe(n);
  });
});
