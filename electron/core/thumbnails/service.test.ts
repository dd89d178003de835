import { describe, it, expect, beforeAll, afterAll, afterEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { AppError, Result } from '../../../shared/result.ts';
import { HASH_THUMBNAIL_SIZE, ThumbnailService, defaultThumbnailCacheDir } from './service.ts';
import type { Thumbnail, ThumbnailOptions } from './service.ts';
import {
  BLUE, GREEN, RED, listTree, near, pixelAt, writeAnimated, writeBadImages, writeGoodImages, writeRotatedJpeg,
} from './testing/fixtures.ts';
import type { BadImages, GoodImage } from './testing/fixtures.ts';

let root: string;
let dataset: string;
let good: GoodImage[];
let bad: BadImages;
const services: ThumbnailService[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-thumbs-'));
  dataset = path.join(root, 'dataset');
  good = await writeGoodImages(dataset);
  bad = await writeBadImages(path.join(root, 'bad'));
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The cache's thumbnails and hashes, without its two bookkeeping files (asked-size, usage.json). */
const cached = async (dir: string) => (await listTree(dir)).filter((f) => f !== 'asked-size' && f !== 'usage.json');

let cacheCounter = 0;
function service(opts: ThumbnailOptions = {}): ThumbnailService {
  cacheCounter += 1;
  const s = new ThumbnailService({ cacheDir: path.join(root, `cache-${cacheCounter}`), concurrency: 2, ...opts });
  services.push(s);
  return s;
}

function sabotaged(opts: ThumbnailOptions = {}): ThumbnailService {
  return service({ workerEntry: new URL('./testing/sabotage-worker.ts', import.meta.url), ...opts });
}

function value(r: Result<Thumbnail, AppError>): Thumbnail {
  if (!r.ok) throw new Error(`expected a thumbnail, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function failure(r: Result<Thumbnail, AppError>): AppError {
  if (r.ok) throw new Error(`expected an error, got a thumbnail at ${r.value.path}`);
  return r.error;
}

describe('ThumbnailService', () => {
  it('makes WebP thumbnails of every format, inside the box, outside the dataset folder', async () => {
    const s = service();
    const before = await listTree(dataset);
    const results = await Promise.all(good.map((g) => s.get(g.file, 64)));
    expect(good.length).toBeGreaterThanOrEqual(7);
    for (const [i, g] of good.entries()) {
      const thumb = value(results[i]!);
      expect({ name: path.basename(g.file), w: thumb.width, h: thumb.height }).toEqual({ name: path.basename(g.file), w: g.width, h: g.height });
      expect(thumb.contentType).toBe('image/webp');
      expect(thumb.cached).toBe(false);
      expect(path.relative(dataset, thumb.path).startsWith('..')).toBe(true);
      const meta = await sharp(thumb.path).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha }).toEqual({
        format: 'webp', width: g.width, height: g.height, hasAlpha: g.hasAlpha,
      });
    }
    expect(await listTree(dataset)).toEqual(before);
  });

  it('keeps colours where they belong (no mirroring) for a plain image', async () => {
    const thumb = value(await service().get(path.join(dataset, 'wide.png'), 64));
    expect(near(await pixelAt(thumb.path, 4, 16), RED)).toBe(true);
    expect(near(await pixelAt(thumb.path, 60, 16), BLUE)).toBe(true);
  });

  it('applies EXIF orientation', async () => {
    const file = path.join(root, 'rotated', 'camera.jpg');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeRotatedJpeg(file);
    const thumb = value(await service().get(file, 64));
    expect([thumb.width, thumb.height]).toEqual([32, 64]);
    expect(near(await pixelAt(thumb.path, 16, 4), RED)).toBe(true);
    expect(near(await pixelAt(thumb.path, 16, 60), BLUE)).toBe(true);
  });

  it.each(['gif', 'webp'] as const)('uses the first frame of an animated %s', async (format) => {
    const file = path.join(root, 'animated', `loop.${format}`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeAnimated(file, format);
    expect((await sharp(file, { animated: true }).metadata()).pages).toBe(2);
    const thumb = value(await service().get(file, 40));
    expect([thumb.width, thumb.height]).toEqual([40, 40]);
    const meta = await sharp(thumb.path).metadata();
    expect(meta.pages ?? 1).toBe(1);
    expect(near(await pixelAt(thumb.path, 20, 20), RED)).toBe(true);
    expect(near(await pixelAt(thumb.path, 20, 20), GREEN)).toBe(false);
  });

  it('serves the second call from the cache and rebuilds after the source changes', async () => {
    const s = service();
    const file = path.join(root, 'changing', 'img_001.png');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.copyFile(path.join(dataset, 'wide.png'), file);

    const first = value(await s.get(file, 64));
    const second = value(await s.get(file, 64));
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, cached: true });

    const otherSize = value(await s.get(file, 32));
    expect(otherSize.cached).toBe(false);
    expect(otherSize.path).not.toBe(first.path);
    expect(otherSize.width).toBe(32);

    const later = new Date(Date.now() + 60_000);
    await fs.utimes(file, later, later);
    const afterTouch = value(await s.get(file, 64));
    expect(afterTouch.cached).toBe(false);
    expect(afterTouch.path).not.toBe(first.path);

    // A different file of the same name and mtime (replaced content) is a different size here.
    await fs.copyFile(path.join(dataset, 'photo.jpg'), file);
    await fs.utimes(file, later, later);
    expect(value(await s.get(file, 64)).cached).toBe(false);
  });

  it('survives a restart: a new service finds thumbnails the old one wrote', async () => {
    const cacheDir = path.join(root, 'shared-cache');
    const file = path.join(dataset, 'photo.jpg');
    const first = value(await service({ cacheDir }).get(file, 48));
    const again = value(await service({ cacheDir }).get(file, 48));
    expect(again).toEqual({ ...first, cached: true });
  });

  it('treats a damaged cache file as a miss and rewrites it', async () => {
    const s = service();
    const file = path.join(dataset, 'lossy.webp');
    const first = value(await s.get(file, 64));
    await fs.writeFile(first.path, 'not a webp');
    const rebuilt = value(await s.get(file, 64));
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.path).toBe(first.path);
    expect((await sharp(rebuilt.path).metadata()).format).toBe('webp');
  });

  it('gives every bad input its own error while good images in the same batch succeed', async () => {
    const s = service();
    const cases: [string, string][] = [
      [bad.truncatedPng, 'corrupt-image'],
      [bad.truncatedJpeg, 'corrupt-image'],
      [bad.zeroBytes, 'corrupt-image'],
      [bad.textAsPng, 'corrupt-image'],
      [bad.garbledPng, 'corrupt-image'],
      [bad.missing, 'not-found'],
      [bad.bomb, 'too-large'],
      [path.join(root, 'bad'), 'not-found'],
    ];
    const batch = [...cases.map(([file]) => file), ...good.map((g) => g.file)];
    const results = await Promise.all(batch.map((file) => s.get(file, 64)));

    for (const [i, [file, kind]] of cases.entries()) {
      const error = failure(results[i]!);
      expect({ file: path.basename(file), kind: error.kind }).toEqual({ file: path.basename(file), kind });
      expect(error.message).toContain(path.basename(file));
      expect(error.message).not.toMatch(/\n|\bat .*:\d+:\d+/);
    }
    for (const r of results.slice(cases.length)) value(r);

    expect(failure(results[2]!).message).toBe('empty.png: file is empty (0 bytes)');
    expect(failure(results[3]!).message).toBe('notes.png: not a recognised image format');
    expect(failure(results[6]!).message).toBe('bomb.png: 60000x60000 image exceeds the 100 MP input limit');

    // The service is still healthy afterwards.
    expect(value(await s.get(path.join(dataset, 'tiny.png'), 16)).width).toBe(16);
  });

  it('refuses an image above a lowered maxInputPixels before decoding it', async () => {
    const file = path.join(root, 'big', 'solid.png');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await sharp({ create: { width: 2000, height: 1500, channels: 3, background: 'white' } }).png().toFile(file);
    const refused = failure(await service({ maxInputPixels: 1_000_000 }).get(file, 64));
    expect(refused).toEqual({ kind: 'too-large', message: 'solid.png: 2000x1500 image exceeds the 1 MP input limit' });
    expect(value(await service().get(file, 64)).width).toBe(64);
  });

  it('fails only the job whose worker dies, and keeps serving', async () => {
    const dir = path.join(root, 'sabotage-crash');
    await fs.mkdir(dir, { recursive: true });
    const crash = path.join(dir, 'crash-me.png');
    await fs.copyFile(path.join(dataset, 'wide.png'), crash);
    const s = sabotaged();
    const results = await Promise.all([crash, ...good.map((g) => g.file)].map((f) => s.get(f, 64)));
    expect(failure(results[0]!).kind).toBe('worker-crashed');
    for (const r of results.slice(1)) value(r);
    expect(value(await s.get(path.join(dataset, 'tiny.png'), 8)).width).toBe(8);
  });

  it('times out a stuck render, replaces the worker and serves the next request', async () => {
    const dir = path.join(root, 'sabotage-hang');
    await fs.mkdir(dir, { recursive: true });
    const hang = path.join(dir, 'hang-me.png');
    await fs.copyFile(path.join(dataset, 'wide.png'), hang);
    const s = sabotaged({ concurrency: 1, timeoutMs: 2_500 });
    const [stuck, queued] = await Promise.all([s.get(hang, 64), s.get(path.join(dataset, 'photo.jpg'), 64)]);
    expect(failure(stuck!)).toEqual({ kind: 'timeout', message: 'thumbnails job did not finish within 2500 ms' });
    expect(value(queued!).width).toBe(64);
    // The stuck job did not poison the key: it is tried again, and times out again, instead of hanging.
    expect(failure(await s.get(hang, 64)).kind).toBe('timeout');
  });

  it('renders a source once when the same thumbnail is requested concurrently', async () => {
    const dir = path.join(root, 'sabotage-count');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, 'count-me.png');
    await fs.copyFile(path.join(dataset, 'wide.png'), file);
    const s = sabotaged({ concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 6 }, () => s.get(file, 64)));
    const paths = new Set(results.map((r) => value(r).path));
    expect(paths.size).toBe(1);
    expect((await fs.readFile(`${file}.renders`, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    // A different size is a different thumbnail and renders separately.
    value(await s.get(file, 32));
    expect((await fs.readFile(`${file}.renders`, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('leaves no temporary files in the cache', async () => {
    const cacheDir = path.join(root, 'tmp-check-cache');
    const s = service({ cacheDir });
    await Promise.all([...good.map((g) => s.get(g.file, 24)), s.get(bad.truncatedPng, 24)]);
    await s.close(); // its last write (the asked-size hint) has landed
    const files = await cached(cacheDir);
    expect(files.length).toBe(good.length);
    expect(files.every((f) => f.endsWith('.webp') && !path.basename(f).startsWith('.'))).toBe(true);
  });

  it('rejects bad arguments and use after close with errors, not exceptions', async () => {
    const s = service();
    expect(failure(await s.get('relative/img.png', 64)).kind).toBe('invalid-argument');
    expect(failure(await s.get(path.join(dataset, 'wide.png'), 0)).kind).toBe('invalid-argument');
    expect(failure(await s.get(path.join(dataset, 'wide.png'), 12.5)).kind).toBe('invalid-argument');
    await s.close();
    expect(failure(await s.get(path.join(dataset, 'wide.png'), 64)).kind).toBe('closed');
  });
});

describe('ThumbnailService.hash (lint)', () => {
  const lines = async (file: string) => (await fs.readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  /** A copy of a dataset image whose decodes the sabotage worker counts (`<file>.renders`), and a service of its own. */
  async function counted(name: string, source: string, opts: ThumbnailOptions = {}) {
    const dir = path.join(root, name);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `count-me${path.extname(source)}`);
    await fs.copyFile(path.join(dataset, source), file);
    return { file, s: sabotaged({ cacheDir: path.join(root, `${name}-cache`), ...opts }) };
  }

  it('hashes the thumbnail in the job that makes it: one decode of the source for both', async () => {
    const { file, s } = await counted('hash-once', 'photo.jpg');

    const first = await s.hash(file);
    if (!first.ok) throw new Error(first.error.message);
    expect(await lines(`${file}.renders`)).toBe(1);
    // The thumbnail the grid asks for is that same one, already made.
    const thumb = value(await s.get(file, HASH_THUMBNAIL_SIZE));
    expect(thumb.cached).toBe(true);

    // Asked again (a second lint with a cold per-dataset hash file): nothing is decoded at all.
    expect(await s.hash(file)).toEqual(first);
    expect(await lines(`${file}.renders`)).toBe(1);

    // Without its hash file (made by an older version, or evicted) the source is decoded again for the hash alone.
    const webp = await fs.readFile(thumb.path);
    await fs.rm(thumb.path.replace(/\.webp$/, '.hash.json'));
    expect(await s.hash(file)).toEqual(first);
    expect(await lines(`${file}.renders`)).toBe(2);
    expect(await fs.readFile(thumb.path)).toEqual(webp);
  });

  it("makes the grid's thumbnail without the hash, and the hash once the service has been idle, encoding nothing", async () => {
    const { file, s } = await counted('hash-when-idle', 'photo.jpg', { hashIdleMs: 500 });
    const thumb = value(await s.get(file, HASH_THUMBNAIL_SIZE));
    const sidecar = thumb.path.replace(/\.webp$/, '.hash.json');
    const webp = await fs.readFile(thumb.path);
    expect(await lines(`${file}.renders`)).toBe(1);
    await expect(fs.access(sidecar)).rejects.toThrow();
    await expect.poll(() => fs.access(sidecar).then(() => true, () => false), { timeout: 10_000 }).toBe(true);
    expect(await lines(`${file}.renders`)).toBe(2);
    expect(await fs.readFile(thumb.path)).toEqual(webp);
    // Lint then reads it; it is the hash lint makes itself in one job with the thumbnail.
    const hashed = await s.hash(file);
    expect(await lines(`${file}.renders`)).toBe(2);
    expect(hashed).toEqual(await service().hash(file));
  });

  it('puts the idle hashes off while requests keep coming, and drops them at close', async () => {
    const { file, s } = await counted('hash-put-off', 'wide.png', { hashIdleMs: 1500 });
    value(await s.get(file, HASH_THUMBNAIL_SIZE));
    // Scrolling: cache hits and other sizes, every 100 ms for 2.5 s, longer than the quiet time.
    for (let i = 0; i < 25; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value(await s.get(file, i % 2 ? HASH_THUMBNAIL_SIZE : 64));
    }
    expect(await lines(`${file}.renders`)).toBe(2); // the 256 and the 64, no hash yet
    await s.close();
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(await lines(`${file}.renders`)).toBe(2);
  });

  it('makes no idle hash for a source that changed since its thumbnail: the old version is gone', async () => {
    const { file, s } = await counted('hash-changed', 'photo.jpg', { hashIdleMs: 300 });
    const thumb = value(await s.get(file, HASH_THUMBNAIL_SIZE));
    await fs.copyFile(path.join(dataset, 'wide.png'), file);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await lines(`${file}.renders`)).toBe(1);
    await expect(fs.access(thumb.path.replace(/\.webp$/, '.hash.json'))).rejects.toThrow();
  });

  it('a lint run while the grid renders the thumbnail: the grid does not wait for the hash, lint gets it without a second thumbnail', async () => {
    const { file, s } = await counted('hash-after-grid', 'wide.png');
    const [thumb, hashed] = await Promise.all([s.get(file, HASH_THUMBNAIL_SIZE), s.hash(file)]);
    const webp = await fs.readFile(value(thumb).path);
    expect(hashed.ok).toBe(true);
    expect(await s.hash(file)).toEqual(hashed);
    // The grid's render, then one for the hash alone; the thumbnail is not written again.
    expect(await lines(`${file}.renders`)).toBe(2);
    expect(await fs.readFile(value(thumb).path)).toEqual(webp);
  });

  it('ignores a hash file of another hash version and rebuilds a thumbnail evicted under it', async () => {
    const s = service();
    const file = path.join(dataset, 'photo.jpg');
    const first = await s.hash(file);
    if (!first.ok) throw new Error(first.error.message);
    const thumb = value(await s.get(file, HASH_THUMBNAIL_SIZE));
    const sidecar = thumb.path.replace(/\.webp$/, '.hash.json');
    await fs.writeFile(sidecar, JSON.stringify({ version: 'phash-v2', hash: { kind: 'flat', colour: '#000000' } }));
    expect(await s.hash(file)).toEqual(first);
    expect(JSON.parse(await fs.readFile(sidecar, 'utf8')).hash).toEqual(first.value);
    // Hash file and thumbnail both gone (evicted): made again from the source.
    await fs.rm(sidecar);
    await fs.rm(thumb.path);
    expect(await s.hash(file)).toEqual(first);
  });

  it('gives an unreadable image its own error kind', async () => {
    const s = service();
    const r = await s.hash(bad.truncatedJpeg);
    expect(!r.ok && r.error.kind).toBe('corrupt-image');
    expect(!(await s.hash(bad.missing)).ok).toBe(true);
  });
});

describe('defaultThumbnailCacheDir', () => {
  it('follows XDG_CACHE_HOME and otherwise stays under the home folder', () => {
    const saved = process.env.XDG_CACHE_HOME;
    try {
      process.env.XDG_CACHE_HOME = path.join(root, 'xdg');
      expect(defaultThumbnailCacheDir()).toBe(path.join(root, 'xdg', 'tagsmith', 'thumbnails'));
      delete process.env.XDG_CACHE_HOME;
      const dir = defaultThumbnailCacheDir();
      expect(path.isAbsolute(dir)).toBe(true);
      expect(dir.startsWith(os.homedir())).toBe(true);
      expect(dir).toMatch(/tagsmith[\\/](cache[\\/])?thumbnails$/);
      // A relative XDG_CACHE_HOME is invalid per the spec and ignored.
      process.env.XDG_CACHE_HOME = 'relative/cache';
      expect(defaultThumbnailCacheDir()).toBe(dir);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});

describe('eviction passes of a service', () => {
  // A bound of one byte and no grace period: any pass removes every file.
  const tiny = { maxCacheBytes: 1, evictGraceMs: 0 };

  it('wait until nothing is being made, so a screenful of thumbnails never shares the cores with one', async () => {
    const s = service(tiny);
    // The first write makes a pass due at once; the others are still being made.
    const made = (await Promise.all(good.map((g) => s.get(g.file, 64)))).map(value);
    await Promise.all(made.map((t) => expect(fs.access(t.path)).resolves.toBeUndefined()));
    // Idle now: the pass runs and keeps the cache within its bound.
    await vi.waitFor(async () => expect(await cached(s.cacheDir)).toEqual([]), { timeout: 10_000 });
  });

  it('run at close when the service never went idle, so short commands keep the cache bounded too', async () => {
    const s = service(tiny);
    value(await s.get(good[0]!.file, 64));
    expect((await cached(s.cacheDir)).length).toBeGreaterThan(0);
    await s.close();
    expect(await cached(s.cacheDir)).toEqual([]);
  });
});

describe('the recorded total of a cache (usage.json)', () => {
  // A cache holding one stale 4 MB file under a 2 MB bound: any pass removes it.
  async function staleCache(): Promise<{ cacheDir: string; stale: string }> {
    cacheCounter += 1;
    const cacheDir = path.join(root, `usage-${cacheCounter}`);
    const stale = path.join(cacheDir, 'ab', 'stale.webp');
    await fs.mkdir(path.dirname(stale), { recursive: true });
    await fs.writeFile(stale, Buffer.alloc(4_000_000));
    const old = new Date(Date.now() - 86_400_000);
    await fs.utimes(stale, old, old);
    return { cacheDir, stale };
  }
  const bound = { maxCacheBytes: 2_000_000, evictGraceMs: 0 };
  const recorded = async (dir: string) => (JSON.parse(await fs.readFile(path.join(dir, 'usage.json'), 'utf8')) as { bytes: number }).bytes;
  const exists = (file: string) => fs.access(file).then(() => true, () => false);

  it('spares a short command a pass when its writes leave room, and adds them to the total at close', async () => {
    const { cacheDir, stale } = await staleCache();
    await fs.writeFile(path.join(cacheDir, 'usage.json'), JSON.stringify({ bytes: 1000 }));
    const s = service({ cacheDir, ...bound });
    const made = await Promise.all(good.map(async (g) => value(await s.get(g.file, 64))));
    await s.close();
    expect(await exists(stale), 'no pass ran').toBe(true);
    // Each write counted as the 4 KB blocks it takes, until a pass measures the files.
    const written = (await Promise.all(made.map((t) => fs.stat(t.path)))).reduce((sum, st) => sum + Math.ceil(st.size / 4096) * 4096, 0);
    expect(await recorded(cacheDir)).toBe(1000 + written);
  });

  it('runs a pass when the total is unknown, and records what the pass measured', async () => {
    const { cacheDir, stale } = await staleCache();
    const s = service({ cacheDir, ...bound });
    value(await s.get(good[0]!.file, 64));
    await s.close();
    expect(await exists(stale)).toBe(false);
    // Every file the pass saw: the thumbnail and the asked-size hint (the total is written after it).
    const seen = (await listTree(cacheDir)).filter((f) => f !== 'usage.json');
    const left = (await Promise.all(seen.map((f) => fs.stat(path.join(cacheDir, f))))).reduce((sum, st) => sum + (st.blocks > 0 ? st.blocks * 512 : st.size), 0);
    expect(await recorded(cacheDir)).toBe(left);
  });

  it('runs a pass when the writes can bring the total to the bound', async () => {
    const { cacheDir, stale } = await staleCache();
    await fs.writeFile(path.join(cacheDir, 'usage.json'), JSON.stringify({ bytes: bound.maxCacheBytes - 10 }));
    const s = service({ cacheDir, ...bound });
    value(await s.get(good[0]!.file, 64));
    await s.close();
    expect(await exists(stale)).toBe(false);
    expect(await recorded(cacheDir)).toBeLessThan(bound.maxCacheBytes);
  });
});

describe('ThumbnailService.prefetch', () => {
  const webps = async (s: ThumbnailService) => (await listTree(s.cacheDir)).filter((f) => f.endsWith('.webp'));

  it('makes the thumbnails ahead, so the requests that follow are cache hits', async () => {
    const s = service();
    await s.prefetch(good.map((g) => g.file), 64);
    expect(await webps(s)).toHaveLength(good.length);
    for (const g of good) expect(value(await s.get(g.file, 64)).cached).toBe(true);
  });

  it('waits while a request is being made, and goes on after it', async () => {
    const dir = path.join(root, 'prefetch-order');
    await fs.mkdir(dir, { recursive: true });
    const names = ['log-me-asked.png', 'log-me-1.png', 'log-me-2.png', 'log-me-3.png'];
    for (const n of names) await fs.copyFile(path.join(dataset, 'wide.png'), path.join(dir, n));
    const s = sabotaged({ concurrency: 2 });
    const asked = s.get(path.join(dir, names[0]!), 64);
    const prefetched = s.prefetch(names.slice(1).map((n) => path.join(dir, n)), 64);
    value(await asked);
    // Read at once, before any file event of this process can run: nothing was made beside it.
    expect(readFileSync(path.join(dir, 'order.log'), 'utf8')).toBe('log-me-asked.png\n');
    await prefetched;
    expect(readFileSync(path.join(dir, 'order.log'), 'utf8')).toBe(names.map((n) => `${n}\n`).join(''));
  });

  it('stops when a newer prefetch replaces it or the service closes; skips images that fail', async () => {
    const s = service({ concurrency: 1 });
    const first = s.prefetch([...good.map((g) => g.file), bad.zeroBytes, path.join(root, 'missing.png')], 64);
    const second = s.prefetch([good[0]!.file], 128);
    await Promise.all([first, second]);
    // The first run ended at its next image: at most the one it had begun besides the second's.
    expect((await webps(s)).length).toBeLessThanOrEqual(2);
    expect(value(await s.get(good[0]!.file, 128)).cached).toBe(true);
    // A bad image on the way is skipped (its request will report it); the images after it are made.
    await s.prefetch([bad.zeroBytes, ...good.map((g) => g.file)], 64);
    expect(await webps(s)).toHaveLength(good.length + 1);
    await s.close();
    await expect(s.prefetch(good.map((g) => g.file), 32)).resolves.toBeUndefined();
  });

  it('makes them at the size clients last asked for (kept in the cache folder), else at lint\'s', async () => {
    const cacheDir = path.join(root, 'asked-size-cache');
    const a = service({ cacheDir });
    await a.prefetch([good[0]!.file]);
    expect(value(await a.get(good[0]!.file, HASH_THUMBNAIL_SIZE)).cached).toBe(true);
    value(await a.get(good[1]!.file, 512));
    await a.close();
    const b = service({ cacheDir });
    await b.prefetch([good[2]!.file]);
    expect(value(await b.get(good[2]!.file, 512)).cached).toBe(true);
    expect(value(await b.get(good[2]!.file, HASH_THUMBNAIL_SIZE)).cached).toBe(false);
  });
});
