import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempPathFor } from '../fs/atomic-write.ts';
import { evictLeastRecentlyUsed } from './lru.ts';
import { ThumbnailService } from './service.ts';

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-lru-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const MINUTE = 60_000;
const BLOCK = 4096;
let dirCounter = 0;

/** `count` files of 1,000 bytes in two shards, file i last used i minutes after `base`. */
async function fill(count: number, base: number): Promise<{ dir: string; files: string[] }> {
  dirCounter += 1;
  const dir = path.join(root, `cache-${dirCounter}`);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, i % 2 ? 'ab' : 'cd', `f${String(i).padStart(3, '0')}.webp`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // One 4 KB block each, so what a file takes on disk is its size.
    await fs.writeFile(file, Buffer.alloc(BLOCK));
    const t = new Date(base + i * MINUTE);
    await fs.utimes(file, t, t);
    files.push(file);
  }
  return { dir, files };
}

const exists = (f: string) => fs.access(f).then(() => true, () => false);

describe('evictLeastRecentlyUsed', () => {
  it("leaves the process's other file reads free while it stats a big cache", async () => {
    // 10,000 files: the pass takes many time slices. One async stat per file, all at once, used to
    // fill libuv's threads, so a read started meanwhile finished only after the whole pass.
    const dir = path.join(root, 'big');
    for (let shard = 0; shard < 16; shard++) {
      const sub = path.join(dir, shard.toString(16).padStart(2, '0'));
      await fs.mkdir(sub, { recursive: true });
      await Promise.all(Array.from({ length: 625 }, (_, i) => fs.writeFile(path.join(sub, `f${i}.webp`), 'x')));
    }
    const order: string[] = [];
    const pass = evictLeastRecentlyUsed(dir, { maxBytes: 1e9 }).then((r) => {
      order.push('pass');
      return r;
    });
    await new Promise((r) => setImmediate(r));
    await fs.readFile(path.join(dir, '00', 'f0.webp')).then(() => order.push('read'));
    expect((await pass).files).toBe(10_000);
    expect(order).toEqual(['read', 'pass']);
  });

  it('removes the least recently used files until the total is under the bound, keeping the newest', async () => {
    const base = Date.now() - 60 * MINUTE;
    const { dir, files } = await fill(10, base);
    const r = await evictLeastRecentlyUsed(dir, { maxBytes: 5.5 * BLOCK, graceMs: 0 });
    // Down to 90% of the bound: 4 files of one block.
    expect(r).toEqual({ files: 10, bytesBefore: 10 * BLOCK, bytesAfter: 4 * BLOCK, removed: 6 });
    expect(await Promise.all(files.map(exists))).toEqual([false, false, false, false, false, false, true, true, true, true]);
    // Under the bound: nothing happens.
    expect((await evictLeastRecentlyUsed(dir, { maxBytes: 5.5 * BLOCK, graceMs: 0 })).removed).toBe(0);
  });

  it('counts use, not creation: a file touched on read outlives newer files nobody read', async () => {
    const base = Date.now() - 60 * MINUTE;
    const { dir, files } = await fill(4, base);
    const read = new Date(base + 10 * MINUTE);
    await fs.utimes(files[0]!, read, read);
    await evictLeastRecentlyUsed(dir, { maxBytes: 2 * BLOCK, graceMs: 0 });
    expect(await Promise.all(files.map(exists))).toEqual([true, false, false, false]);
  });

  it('never evicts a file used within the grace period, even over the bound', async () => {
    const { dir, files } = await fill(4, Date.now() - 2 * MINUTE);
    const r = await evictLeastRecentlyUsed(dir, { maxBytes: BLOCK, graceMs: 30_000 });
    // f000 and f001 were last used 2 and 1 minutes ago; f002 just now and f003 is in the future.
    expect(r.removed).toBe(2);
    expect(await Promise.all(files.map(exists))).toEqual([false, false, true, true]);
  });

  it('tolerates a file another process deletes during the pass, and two passes at once', async () => {
    const { dir, files } = await fill(10, Date.now() - 60 * MINUTE);
    const unlink = fs.unlink;
    let raced = false;
    vi.spyOn(fs, 'unlink').mockImplementation(async (p) => {
      if (!raced) {
        // The other process wins the race for the first victim.
        raced = true;
        await unlink(p);
      }
      return unlink(p);
    });
    const [a, b] = await Promise.all([
      evictLeastRecentlyUsed(dir, { maxBytes: 5.5 * BLOCK, graceMs: 0 }),
      evictLeastRecentlyUsed(dir, { maxBytes: 5.5 * BLOCK, graceMs: 0 }),
    ]);
    expect(raced).toBe(true);
    expect(a.bytesAfter).toBeLessThanOrEqual(5.5 * BLOCK);
    expect(b.bytesAfter).toBeLessThanOrEqual(5.5 * BLOCK);
    // The newest always survive.
    expect(await Promise.all(files.slice(6).map(exists))).toEqual([true, true, true, true]);
  });

  it('counts what files take on disk: a 150-byte hash file holds a whole block', async () => {
    const { dir } = await fill(0, Date.now());
    await fs.mkdir(path.join(dir, 'ab'), { recursive: true });
    const small = Array.from({ length: 8 }, (_, i) => path.join(dir, 'ab', `h${i}.hash.json`));
    for (const f of small) await fs.writeFile(f, 'x'.repeat(150));
    const onDisk = (await Promise.all(small.map((f) => fs.stat(f)))).reduce((sum, st) => sum + (st.blocks > 0 ? st.blocks * 512 : st.size), 0);
    const r = await evictLeastRecentlyUsed(dir, { maxBytes: 1e9 });
    expect(r.bytesBefore).toBe(onDisk);
    // Where the file system reports blocks (every POSIX one here), that is more than the 1,200 bytes written.
    if (process.platform !== 'win32') expect(r.bytesBefore).toBeGreaterThan(8 * 150);
  });

  it('removes a dead writer\'s temp file but leaves one being written', async () => {
    const { dir } = await fill(1, Date.now() - 60 * MINUTE);
    const stale = tempPathFor(path.join(dir, 'cd', 'x.webp'));
    const fresh = tempPathFor(path.join(dir, 'cd', 'y.webp'));
    await fs.writeFile(stale, 'half');
    await fs.writeFile(fresh, 'half');
    const old = new Date(Date.now() - 2 * 60 * MINUTE);
    await fs.utimes(stale, old, old);
    await evictLeastRecentlyUsed(dir, { maxBytes: 1, graceMs: 0 });
    expect([await exists(stale), await exists(fresh)]).toEqual([false, true]);
  });
});

describe('a cache shared by two processes', () => {
  it('never hands out a torn thumbnail while the other evicts and writes', async () => {
    const src = path.join(root, 'sources');
    await fs.mkdir(src, { recursive: true });
    const images: string[] = [];
    for (let i = 0; i < 16; i++) {
      const file = path.join(src, `img_${i}.png`);
      await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: i * 15, g: 255 - i * 15, b: 90 } } }).png().toFile(file);
      images.push(file);
    }
    const cacheDir = path.join(root, 'shared');
    // A bound of a few thumbnails and no grace: eviction runs all the time, against the other's files.
    const opts = { cacheDir, concurrency: 1, maxCacheBytes: 3_000, evictGraceMs: 0 };
    const a = new ThumbnailService(opts);
    const b = new ThumbnailService(opts);
    try {
      const reads: Promise<'ok' | 'gone'>[] = [];
      const use = async (s: ThumbnailService, file: string, size: number) => {
        const r = await s.get(file, size);
        if (!r.ok) throw new Error(r.error.message);
        reads.push(
          fs.readFile(r.value.path).then(
            async (bytes) => {
              // Whatever is read decodes in full at the size the service reported.
              const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
              expect([info.width, info.height]).toEqual([r.value.width, r.value.height]);
              return 'ok' as const;
            },
            (e: NodeJS.ErrnoException) => {
              if (e.code !== 'ENOENT') throw e;
              return 'gone' as const;
            },
          ),
        );
        await s.evict();
      };
      await Promise.all(images.flatMap((file) => [use(a, file, 64), use(b, file, 64), use(b, file, 32), use(a, file, 32)]));
      const outcomes = await Promise.all(reads);
      expect(outcomes).toHaveLength(64);
      expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(0);
      expect((await a.evict()).bytesAfter).toBeLessThanOrEqual(3_000);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
