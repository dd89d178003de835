import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRID_BYTES } from './colour-grid.ts';
import { HASH_VERSION, HashCache, hashCacheDirIn } from './hash-cache.ts';
import type { FileIdentity } from './hash-cache.ts';
import type { ImageHash } from './image-hash.ts';

let tmp: string;
let cacheDir: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-hash-cache-'));
  cacheDir = path.join(tmp, 'cache', 'image-hashes');
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const root = '/data/set';
const file = (name: string, size = 100n, mtimeNs = 1_700_000_000_123_456_789n): FileIdentity => ({ absPath: path.join(root, name), size, mtimeNs });
const HEX = '0123456789abcdef';
const A: ImageHash = { kind: 'phash', hex: HEX, colours: Buffer.alloc(GRID_BYTES, 7).toString('base64') };
const B: ImageHash = { kind: 'flat', colour: '#ff0000' };

describe('HashCache', () => {
  it('returns a stored hash only for the same path, size and nanosecond mtime, across loads', async () => {
    const first = await HashCache.load(cacheDir, root);
    expect(first.get(file('a.png'))).toBeNull();
    first.set(file('a.png'), A);
    first.set(file('b.png'), B);
    await first.save();

    const again = await HashCache.load(cacheDir, root);
    expect(again.get(file('a.png'))).toEqual(A);
    expect(again.get(file('b.png'))).toEqual(B);
    expect(again.get(file('a.png', 101n))).toBeNull();
    expect(again.get(file('a.png', 100n, 1_700_000_000_123_456_790n))).toBeNull();
    expect(again.get(file('c.png'))).toBeNull();
    expect((await HashCache.load(cacheDir, '/data/other')).get({ ...file('a.png'), absPath: '/data/other/a.png' })).toBeNull();
  });

  it('keeps only the entries used in the last run, so removed images drop out', async () => {
    const first = await HashCache.load(cacheDir, root);
    first.set(file('a.png'), A);
    first.set(file('gone.png'), B);
    await first.save();

    const second = await HashCache.load(cacheDir, root);
    expect(second.get(file('a.png'))).toEqual(A);
    await second.save();

    const third = await HashCache.load(cacheDir, root);
    expect(third.get(file('a.png'))).toEqual(A);
    expect(third.get(file('gone.png'))).toBeNull();
  });

  it('writes nothing when nothing changed', async () => {
    const cache = await HashCache.load(cacheDir, root);
    expect(cache.get(file('a.png'))).toBeNull();
    await cache.save();
    await expect(fs.readdir(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats a damaged, foreign or older cache file as empty (v1 hashes had no colour grid)', async () => {
    const cache = await HashCache.load(cacheDir, root);
    cache.set(file('a.png'), A);
    await cache.save();
    const stored = JSON.parse(await fs.readFile(cache.file, 'utf8'));
    expect(stored.version).toBe(HASH_VERSION);
    expect(HASH_VERSION).not.toBe('phash-v1');
    // v2 hashed the full image; v3 hashes the lossy thumbnail, so a v2 hash must not be compared with it.
    expect(HASH_VERSION).not.toBe('phash-v2');

    for (const content of [
      '{"version": "phash-v2", "root": "/data/set", "entr',
      JSON.stringify({ ...stored, version: 'phash-v1', entries: { [file('a.png').absPath]: ['100', file('a.png').mtimeNs.toString(), { kind: 'phash', hex: HEX }] } }),
      JSON.stringify({ ...stored, version: 'phash-v2' }),
      JSON.stringify({ ...stored, entries: { [file('a.png').absPath]: ['100', file('a.png').mtimeNs.toString(), { kind: 'phash', hex: HEX }] } }),
      JSON.stringify({ ...stored, entries: { [file('a.png').absPath]: ['100', file('a.png').mtimeNs.toString(), { ...A, colours: 'short' }] } }),
      JSON.stringify({ ...stored, root: '/data/other' }),
      JSON.stringify({ ...stored, entries: { [file('a.png').absPath]: ['100', file('a.png').mtimeNs.toString(), { kind: 'phash', hex: 'not hex' }] } }),
    ]) {
      await fs.writeFile(cache.file, content);
      expect((await HashCache.load(cacheDir, root)).get(file('a.png'))).toBeNull();
    }
  });

  it('lives inside the thumbnail cache', () => {
    expect(hashCacheDirIn('/home/u/.cache/tagsmith/thumbnails')).toBe(path.resolve('/home/u/.cache/tagsmith/thumbnails/image-hashes'));
  });
});
