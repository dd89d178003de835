import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { err, ok } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { DEFAULT_MAX_INPUT_PIXELS } from '../images/image-error.ts';
import { defaultConfigFile } from '../config/config-path.ts';
import { loadCacheMaxBytes } from '../config/cache-config.ts';
import { HASH_VERSION, ImageHashSchema } from '../lint/hash-cache.ts';
import type { ImageHash } from '../lint/image-hash.ts';
import { WorkerPool } from '../workers/pool.ts';
import * as z from 'zod';
import { defaultThumbnailCacheDir, readAskedSize, readCachedSize, thumbnailHashPath, thumbnailKey, thumbnailPath, writeAskedSize } from './cache.ts';
import { CacheBound } from './bound.ts';
import { ForegroundGate } from './foreground.ts';
import { IdleHashes } from './idle-hashes.ts';
import type { SourceIdentity } from './cache.ts';
import { touch } from './lru.ts';
import type { EvictResult } from './lru.ts';
import type { RenderRequest, RenderResult } from './render.ts';
import type { ThumbnailWorkerData } from './thumbnail-worker.ts';

export { defaultThumbnailCacheDir } from './cache.ts';

/**
 * Lint hashes this thumbnail size: the grid's default size (160 px) rounds up to it, so lint's hashes
 * are of the pixels the grid shows. A lint run makes both in one job; the grid's own thumbnails come
 * without the hash (sooner), which is made when the service is idle (idle-hashes.ts).
 */
export const HASH_THUMBNAIL_SIZE = 256;

/** How long the service must make nothing before it makes the hashes the grid's thumbnails skipped. */
const HASH_IDLE_MS = 2000;

const HashSidecarSchema = z.object({ version: z.literal(HASH_VERSION), hash: ImageHashSchema });

export interface ThumbnailOptions {
  /** Must not be inside a dataset folder (trainers would find the thumbnails). */
  cacheDir?: string;
  /** Worker threads; default the number of cores, at most 4. */
  concurrency?: number;
  /** Images declaring more pixels are refused before decoding (decompression bombs). Default 100 MP. */
  maxInputPixels?: number;
  /** Per image; a worker stuck longer is replaced. Default 30 s. */
  timeoutMs?: number;
  /** Worker module to run instead of thumbnail-worker.ts: a compiled build, or a test double. */
  workerEntry?: URL;
  /** Names the pool in error messages. Default 'thumbnails'. */
  name?: string;
  /**
   * Bound of the whole cache folder in bytes (least recently used go first, lru.ts); a function is
   * called once, at the first eviction pass. Default: the per-user config file's `cache.maxSizeMB`
   * (2 GB when unset), so the desktop app, `tagsmith serve` and the CLI's lint share one bound.
   */
  maxCacheBytes?: number | (() => Promise<number>);
  /** Files used more recently than this are never evicted (lru.ts). Tests set 0. */
  evictGraceMs?: number;
  /** Quiet time before the hashes the grid's thumbnails skipped are made (idle-hashes.ts). Default 2 s. */
  hashIdleMs?: number;
}

export interface Thumbnail {
  path: string;
  contentType: 'image/webp';
  width: number;
  height: number;
  cached: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_SIZE = 4096;

export class ThumbnailService {
  /** Where thumbnails are cached (outside any dataset); lint keeps its image hashes beside them. */
  readonly cacheDir: string;
  private readonly maxInputPixels: number;
  private readonly pool: WorkerPool<RenderRequest, RenderResult>;
  /** Requests for the same source version and size share one job (a grid often asks twice). */
  private readonly inflight = new Map<string, Promise<Result<Thumbnail, AppError>>>();
  private readonly hashInflight = new Map<string, Promise<Result<ImageHash, AppError>>>();
  private closed = false;
  /** When eviction passes run (bound.ts). */
  private readonly bound: CacheBound;
  /** Requests somebody waits for; a prefetch yields to them. */
  private readonly foreground = new ForegroundGate();
  /** The hashes of thumbnails made without them, made while nothing else is. */
  private readonly idleHashes: IdleHashes;
  /** Bumped by every prefetch(), so a newer one (another dataset opened) replaces the older. */
  private prefetchRun = 0;
  /** The size last written to the asked-size file by this process, and that write. */
  private askedSize: number | null = null;
  private askedWrite: Promise<void> = Promise.resolve();

  constructor(opts: ThumbnailOptions = {}) {
    this.cacheDir = path.resolve(opts.cacheDir ?? defaultThumbnailCacheDir());
    this.maxInputPixels = opts.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
    const cores = os.availableParallelism();
    const size = Math.max(1, Math.floor(opts.concurrency ?? Math.min(cores, 4)));
    const workerData: ThumbnailWorkerData = { sharpConcurrency: Math.max(1, Math.floor(cores / size)) };
    this.pool = new WorkerPool<RenderRequest, RenderResult>({
      entry: opts.workerEntry ?? new URL('./thumbnail-worker.ts', import.meta.url),
      size,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      name: opts.name ?? 'thumbnails',
      workerData,
    });
    this.bound = new CacheBound({
      cacheDir: this.cacheDir,
      maxCacheBytes: opts.maxCacheBytes ?? (() => loadCacheMaxBytes(defaultConfigFile())),
      ...(opts.evictGraceMs !== undefined ? { evictGraceMs: opts.evictGraceMs } : {}),
      busy: () => this.inflight.size > 0 || this.hashInflight.size > 0,
    });
    this.idleHashes = new IdleHashes({
      idleMs: opts.hashIdleMs ?? HASH_IDLE_MS,
      busy: () => this.foreground.busy || this.inflight.size > 0 || this.hashInflight.size > 0,
      // Only for the version the thumbnail was made of: a source changed meanwhile has another key.
      make: async (src, key) => {
        const source = await identify(src);
        if (source.ok && thumbnailKey(source.value, HASH_THUMBNAIL_SIZE) === key) await this.hashOf(src, key);
      },
    });
  }

  async get(absImagePath: string, size: number): Promise<Result<Thumbnail, AppError>> {
    if (this.closed) return err({ kind: 'closed', message: 'thumbnail service is closed' });
    if (!path.isAbsolute(absImagePath)) return err({ kind: 'invalid-argument', message: `not an absolute path: ${absImagePath}` });
    if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
      return err({ kind: 'invalid-argument', message: `thumbnail size must be an integer from 1 to ${MAX_SIZE}, got ${size}` });
    }
    this.noteAskedSize(size);
    const src = path.resolve(absImagePath);
    return this.foreground.run(async () => {
      const source = await identify(src);
      if (!source.ok) return source;
      return this.thumbnail(src, source.value, size);
    });
  }

  /**
   * Makes the thumbnails of these images in the background, in order and one at a time, before
   * anybody asks: an editor opening a dataset calls it with the grid's first screenful while its
   * page is still loading, so the grid finds them cached. Each job waits until no request is running
   * (a request never queues behind more than the one job being made), a request for an image being
   * prefetched joins that job, and a later call replaces this one. Failures are left for the request
   * that will report them. `size` defaults to the size clients last asked for, else HASH_THUMBNAIL_SIZE.
   */
  prefetch(absPaths: readonly string[], size?: number): Promise<void> {
    const run = ++this.prefetchRun;
    const current = () => !this.closed && run === this.prefetchRun;
    return (async () => {
      const px = size ?? (await readAskedSize(this.cacheDir)) ?? HASH_THUMBNAIL_SIZE;
      for (const abs of absPaths) {
        await this.foreground.idle();
        if (!current()) return;
        const src = path.resolve(abs);
        const source = await identify(src);
        if (source.ok && current()) await this.thumbnail(src, source.value, px);
      }
    })().catch(() => undefined);
  }

  /**
   * Lint's perceptual hash of an image, made from the pixels of its HASH_THUMBNAIL_SIZE thumbnail:
   * read from the hash file beside the thumbnail, else made now: in the job that renders the
   * thumbnail when there is none (one decode for both), else by a job that decodes the source and
   * encodes nothing (the grid's thumbnails come without their hash; idle-hashes.ts makes those
   * hash files while the service is idle, so a lint run usually finds them).
   */
  async hash(absImagePath: string): Promise<Result<ImageHash, AppError>> {
    if (this.closed) return err({ kind: 'closed', message: 'thumbnail service is closed' });
    if (!path.isAbsolute(absImagePath)) return err({ kind: 'invalid-argument', message: `not an absolute path: ${absImagePath}` });
    const src = path.resolve(absImagePath);
    return this.foreground.run(async () => {
      const source = await identify(src);
      if (!source.ok) return source;
      try {
        return await this.hashOf(src, thumbnailKey(source.value, HASH_THUMBNAIL_SIZE));
      } finally {
        this.idleHashes.noteActivity();
      }
    });
  }

  /**
   * Starts the workers now, so their start-up (a thread, sharp and libvips, ~0.2 s) overlaps the
   * caller's own work instead of delaying the first thumbnail.
   */
  warm(): void {
    if (!this.closed) this.pool.warm();
  }

  /** Workers started and waiting for jobs (or running one). */
  get readyWorkers(): number {
    return this.pool.readyWorkers;
  }

  /** One eviction pass now (lru.ts); passes also start by themselves as the cache grows. */
  evict(): Promise<EvictResult> {
    return this.bound.evict();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idleHashes.stop();
    this.bound.stop();
    await this.pool.close();
    await this.askedWrite;
    await this.bound.finish();
  }

  /**
   * The grid's thumbnail (a request's or a prefetch's), without lint's hash: that would hold it back
   * by a quarter. A thumbnail made at HASH_THUMBNAIL_SIZE gets its hash when the service is idle.
   */
  private thumbnail(src: string, source: SourceIdentity, size: number): Promise<Result<Thumbnail, AppError>> {
    const key = thumbnailKey(source, size);
    const shared = this.inflight.get(key);
    if (shared) return shared;
    const job = this.produce(src, size, key).finally(() => {
      this.inflight.delete(key);
      this.bound.whenIdle();
      this.idleHashes.noteActivity();
    });
    this.inflight.set(key, job);
    return job;
  }

  private async produce(src: string, size: number, key: string): Promise<Result<Thumbnail, AppError>> {
    const file = thumbnailPath(this.cacheDir, key);
    const hit = await readCachedSize(file);
    if (hit) return ok({ path: file, contentType: 'image/webp', ...hit, cached: true });
    const produced = await this.render(src, size, file, key, false);
    if (!produced.ok) return produced;
    if (size === HASH_THUMBNAIL_SIZE) this.idleHashes.add(src, key);
    return ok(produced.value.thumbnail);
  }

  private async render(src: string, size: number, file: string, key: string, hash: boolean): Promise<Result<Produced, AppError>> {
    const rendered = await this.pool.run({ src, size, maxInputPixels: this.maxInputPixels, hash });
    if (!rendered.ok) return rendered;
    const { webp, width, height, hash: imageHash } = rendered.value;
    if (!webp) return err({ kind: 'internal', message: `${path.basename(src)}: the thumbnail worker returned no thumbnail` });
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, webp);
      this.bound.noteWritten(webp.byteLength);
    } catch (e) {
      return err({ kind: 'cache-write-failed', message: `cannot write thumbnail cache ${file}: ${errnoText(e)}` });
    }
    if (imageHash) await this.saveHash(key, imageHash);
    return ok({ thumbnail: { path: file, contentType: 'image/webp', width, height, cached: false }, ...(imageHash ? { hash: imageHash } : {}) });
  }

  /** The hash of this source version, made once however many ask (lint, the idle pass). */
  private hashOf(src: string, key: string): Promise<Result<ImageHash, AppError>> {
    const shared = this.hashInflight.get(key);
    if (shared) return shared;
    const job = this.produceHash(src, key).finally(() => {
      this.hashInflight.delete(key);
      this.bound.whenIdle();
    });
    this.hashInflight.set(key, job);
    return job;
  }

  private async produceHash(src: string, key: string): Promise<Result<ImageHash, AppError>> {
    const stored = await this.readHash(key);
    if (stored) return ok(stored);
    // The grid's render of this thumbnail under way: it brings no hash, but then the thumbnail is there.
    await this.inflight.get(key);
    const file = thumbnailPath(this.cacheDir, key);
    const noHash = (): Result<ImageHash, AppError> => err({ kind: 'hash-failed', message: `${path.basename(src)}: the thumbnail worker returned no hash` });
    if (await readCachedSize(file)) {
      // The thumbnail is there (the grid's): its hash alone, nothing encoded or rewritten.
      const hashed = await this.pool.run({ src, size: HASH_THUMBNAIL_SIZE, maxInputPixels: this.maxInputPixels, hash: true, webp: false });
      if (!hashed.ok) return hashed;
      if (!hashed.value.hash) return noHash();
      await this.saveHash(key, hashed.value.hash);
      return ok(hashed.value.hash);
    }
    const rendered = await this.render(src, HASH_THUMBNAIL_SIZE, file, key, true);
    if (!rendered.ok) return rendered;
    return rendered.value.hash ? ok(rendered.value.hash) : noHash();
  }

  private async readHash(key: string): Promise<ImageHash | null> {
    const file = thumbnailHashPath(this.cacheDir, key);
    try {
      const parsed = HashSidecarSchema.safeParse(JSON.parse(await fs.promises.readFile(file, 'utf8')));
      if (!parsed.success) return null;
      await touch(file);
      return parsed.data.hash;
    } catch {
      return null;
    }
  }

  /** Best effort: without the file the hash is recomputed from the thumbnail next time. */
  private async saveHash(key: string, hash: ImageHash): Promise<void> {
    const text = JSON.stringify({ version: HASH_VERSION, hash });
    try {
      await writeFileAtomic(thumbnailHashPath(this.cacheDir, key), text);
      this.bound.noteWritten(text.length);
    } catch {
      // A full or read-only cache folder costs a recomputation, not the lint.
    }
  }

  /** Remembers a newly asked size for the next prefetch (a write only when the size changes). */
  private noteAskedSize(size: number): void {
    if (size === this.askedSize) return;
    this.askedSize = size;
    this.askedWrite = this.askedWrite.then(() => writeAskedSize(this.cacheDir, size));
  }
}

interface Produced {
  thumbnail: Thumbnail;
  /** Set when it was rendered with its hash (a lint run's job). */
  hash?: ImageHash;
}

async function identify(src: string): Promise<Result<SourceIdentity, AppError>> {
  const name = path.basename(src);
  let st: fs.BigIntStats;
  try {
    st = await fs.promises.stat(src, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return err({ kind: 'not-found', message: `${name}: file not found` });
    return err({ kind: 'io-error', message: `${name}: ${errnoText(e)}` });
  }
  if (!st.isFile()) return err({ kind: 'not-found', message: `${name}: not a regular file` });
  // Caught here because libvips reports an empty file as an "unsupported format", which misleads.
  if (st.size === 0n) return err({ kind: 'corrupt-image', message: `${name}: file is empty (0 bytes)` });
  return ok({ absPath: src, size: st.size, mtimeNs: st.mtimeNs });
}

function errnoText(e: unknown): string {
  const ex = e as NodeJS.ErrnoException;
  return ex.code ? `${ex.code} ${ex.syscall ?? ''}`.trim() : String(ex.message ?? e).split('\n', 1)[0] ?? 'unknown error';
}
