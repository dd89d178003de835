import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAll, tempTrees } from '../dataset/test-fixtures.ts';
import { removeFileIfExists, tempPathFor, tempWriterOf, thisHost, writeFileAtomic, writeFileAtomicSync } from './atomic-write.ts';

const tree = tempTrees();

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (...a: Parameters<typeof writeFileAtomicSync>) => writeFileAtomicSync(...a)],
] as const)('%s', (_name, write) => {
  it('replaces the content and leaves no temp file behind', async () => {
    const root = tree({ 'a.txt': 'old' });
    const info = await write(path.join(root, 'a.txt'), 'new, text');
    expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('new, text');
    expect(info.size).toBe(9);
    expect(info.mtimeMs).toBeGreaterThan(0);
    expect(listAll(root)).toEqual(['a.txt']);
  });

  it.each([0o600, 0o640, 0o755])('keeps the original mode %o', async (m) => {
    const root = tree({ 'a.txt': 'old' });
    fs.chmodSync(path.join(root, 'a.txt'), m);
    await write(path.join(root, 'a.txt'), 'new');
    expect(mode(path.join(root, 'a.txt'))).toBe(m);
  });

  it('uses an explicit mode when given', async () => {
    const root = tree({ 'a.txt': 'old' });
    await write(path.join(root, 'a.txt'), 'new', { mode: 0o600 });
    expect(mode(path.join(root, 'a.txt'))).toBe(0o600);
  });

  it('creates a missing file', async () => {
    const root = tree();
    await write(path.join(root, 'b.txt'), 'x', { fsync: true });
    expect(fs.readFileSync(path.join(root, 'b.txt'), 'utf8')).toBe('x');
    expect(listAll(root)).toEqual(['b.txt']);
  });

  it('removes the temp file and keeps the target when the rename fails', async () => {
    const root = tree({ 'dir/keep.txt': 'k' });
    // Renaming a file over a non-empty directory fails (EISDIR / ENOTEMPTY).
    await expect(write(path.join(root, 'dir'), 'x', { mode: 0o644 })).rejects.toThrow();
    expect(listAll(root)).toEqual(['dir/keep.txt']);
  });

  it('fails without a trace when the folder does not exist', async () => {
    const root = tree();
    await expect(write(path.join(root, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
    expect(listAll(root)).toEqual([]);
  });
});

describe('temp names', () => {
  it('are hidden, carry the pid, do not end in a caption or image extension, and stay short', () => {
    const t = path.basename(tempPathFor(`/x/${'é'.repeat(300)}.txt`));
    expect(t.startsWith('.')).toBe(true);
    expect(t.endsWith('.tmp')).toBe(true);
    expect(Buffer.byteLength(t)).toBeLessThan(255);
    expect(tempWriterOf(t)).toEqual({ host: thisHost(), pid: process.pid });
    expect(tempPathFor('/x/a.txt')).not.toBe(tempPathFor('/x/a.txt'));
  });
});

describe('removeFileIfExists', () => {
  it('removes a file and reports whether it existed', async () => {
    const root = tree({ 'a.txt': 'x' });
    expect(await removeFileIfExists(path.join(root, 'a.txt'))).toBe(true);
    expect(await removeFileIfExists(path.join(root, 'a.txt'))).toBe(false);
    expect(listAll(root)).toEqual([]);
  });
});

describe('writeFileAtomic in pieces', () => {
  it('writes the pieces one after the other as UTF-8, the event loop running between them', async () => {
    const dir = tree({});
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    function* pieces() {
      for (const p of ['{"a":', '"é"', ',"b":', '[1,2]', '}']) {
        seen.push(turns);
        yield p;
      }
    }
    const file = path.join(dir, 'entry.json');
    const info = await writeFileAtomic(file, pieces(), { fsync: true });
    done = true;
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":"é","b":[1,2]}');
    expect(info.size).toBe(Buffer.byteLength('{"a":"é","b":[1,2]}'));
    // Each piece is made only after the previous one was written, with turns of the loop between.
    expect(new Set(seen).size).toBe(5);
  });
});
