import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../journal/transaction.ts';
import { hashImages } from './hash-images.ts';
import { hashDistance } from './same-images.ts';
import { copyOf, picture, writeFile } from './testing/pictures.ts';

// Real worker threads (hashImages starts its own pool), on real files.
let tmp: string;
let root: string;
/** A worker entry that throws while loading, as one with a missing native module would. */
const BROKEN = new URL('./testing/broken-worker.mjs', import.meta.url);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-hash-images-'));
  root = path.join(tmp, 'dataset');
  const a = await picture(1);
  await writeFile(path.join(root, 'a.png'), a);
  await writeFile(path.join(root, 'sub', 'a small.jpg'), await copyOf(a, { scale: 0.5, format: 'jpeg', quality: 60 }));
  await writeFile(path.join(root, 'c.png'), await picture(2));
  await writeFile(path.join(root, 'broken.png'), a.subarray(0, 200));
  await writeFile(path.join(root, 'empty.png'), new Uint8Array(0));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const GOOD = ['a.png', 'sub/a small.jpg', 'c.png'];

describe('hashImages', () => {
  it("leaves an open editor's other file reads free while it looks at 10,000 images", async () => {
    // Missing files: each is looked at (realpath, stat) and skipped, nothing is rendered. One promise
    // per image, all at once, used to fill libuv's threads, so a read started once the first image
    // was looked at finished only after the last one.
    const ids = Array.from({ length: 10_000 }, (_, i) => `gone/${i}.png`);
    const order: string[] = [];
    let read: Promise<unknown> | null = null;
    const onProgress = (p: Progress) => {
      if (p.done === 1) read = fs.readFile(path.join(root, 'a.png')).then(() => order.push('read'));
      if (p.done === p.total) order.push('all looked at');
    };
    const res = await hashImages(root, ids, { cacheDir: path.join(tmp, 'cache-many'), workerEntry: BROKEN, onProgress });
    await read;
    expect(res.skipped).toHaveLength(10_000);
    expect(order).toEqual(['read', 'all looked at']);
  });

  it('never reads an image that is a symbolic link out of the dataset; a link inside it is hashed', async () => {
    const outside = path.join(tmp, 'private.png');
    await writeFile(outside, await picture(3));
    await fs.symlink(outside, path.join(root, 'linked-out.png'));
    await fs.symlink(path.join(root, 'c.png'), path.join(root, 'linked-in.png'));
    try {
      // Workers that cannot start: an attempt to read the outside picture would show up as a failure.
      const res = await hashImages(root, ['linked-out.png'], { cacheDir: path.join(tmp, 'cache-links'), workerEntry: BROKEN });
      expect(res.skipped).toEqual([{ id: 'linked-out.png', error: { kind: 'outside', message: 'linked-out.png: a symbolic link to a file outside the dataset: not read' } }]);
      expect({ hashes: res.hashes.size, failures: res.failures }).toEqual({ hashes: 0, failures: [] });
      const inside = await hashImages(root, ['linked-in.png', 'c.png'], { cacheDir: path.join(tmp, 'cache-links'), concurrency: 1 });
      expect(inside.hashes.get('linked-in.png')).toEqual(inside.hashes.get('c.png'));
    } finally {
      await fs.rm(path.join(root, 'linked-out.png'));
      await fs.rm(path.join(root, 'linked-in.png'));
    }
  });

  it('hashes in workers, skips unreadable images, then serves a second run from the cache', async () => {
    const cacheDir = path.join(tmp, 'cache-1');
    const progress: Progress[] = [];
    const ids = ['a.png', 'broken.png', 'sub/a small.jpg', 'empty.png', 'missing.png', 'c.png'];
    const first = await hashImages(root, ids, { cacheDir, concurrency: 2, onProgress: (p) => progress.push(p) });

    expect([...first.hashes.keys()]).toEqual(GOOD);
    const hex = (id: string) => {
      const h = first.hashes.get(id);
      if (h?.kind !== 'phash') throw new Error(`${id}: no perceptual hash`);
      return h.hex;
    };
    expect(hashDistance(hex('a.png'), hex('sub/a small.jpg'))).toBeLessThanOrEqual(6);
    expect(hashDistance(hex('a.png'), hex('c.png'))).toBeGreaterThan(6);
    expect(first.skipped.map((s) => [s.id, s.error.kind])).toEqual([
      ['broken.png', 'corrupt-image'],
      ['empty.png', 'corrupt-image'],
      ['missing.png', 'not-found'],
    ]);
    expect(first.skipped[1]!.error.message).toBe('empty.png: file is empty (0 bytes)');
    expect({ failures: first.failures, cached: first.cached }).toEqual({ failures: [], cached: 0 });
    expect(progress[0]).toEqual({ phase: 'hashing images', done: 0, total: 6 });
    expect(progress.at(-1)).toEqual({ phase: 'hashing images', done: 6, total: 6 });
    expect(path.relative(root, cacheDir).startsWith('..')).toBe(true);

    // Workers that cannot even start prove the second run decodes nothing.
    const second = await hashImages(root, GOOD, { cacheDir, workerEntry: BROKEN });
    expect(second.hashes).toEqual(first.hashes);
    expect({ failures: second.failures, cached: second.cached }).toEqual({ failures: [], cached: 3 });

    // A touched file is a new version: it misses the cache, the others still hit.
    const later = new Date(Date.now() + 60_000);
    await fs.utimes(path.join(root, 'c.png'), later, later);
    const third = await hashImages(root, GOOD, { cacheDir, workerEntry: BROKEN, concurrency: 1 });
    expect([...third.hashes.keys()]).toEqual(['a.png', 'sub/a small.jpg']);
    expect(third.failures.map((f) => f.kind)).toEqual(['worker-crashed']);
    expect(third.cached).toBe(2);
  });

  it('gives up after a few failures of the hashing itself instead of trying every image', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `copy-${i}.png`);
    for (const id of ids) await fs.copyFile(path.join(root, 'a.png'), path.join(root, id));
    const result = await hashImages(root, ids, { cacheDir: path.join(tmp, 'cache-2'), workerEntry: BROKEN, concurrency: 1 });
    expect(result.hashes.size).toBe(0);
    expect(result.skipped).toEqual([]);
    expect(result.failures).toHaveLength(3);
    expect(result.failures[0]).toEqual({ kind: 'worker-crashed', message: 'image hashes worker crashed: entry failed to load: native binding missing' });
  });
});
