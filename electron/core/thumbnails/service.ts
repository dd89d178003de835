import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { err, ok } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { DEFAULT_MAX_INPUT_PIXELS } from '../images/image-error.ts';
import { WorkerPool } from '../workers/pool.ts';
import { defaultThumbnailCacheDir, readCachedSize, thumbnailKey, thumbnailPath } from './cache.ts';
import type { SourceIdentity } from './cache.ts';
import type { RenderRequest, RenderResult } from './render.ts';
import type { ThumbnailWorkerData } from './thumbnail-worker.ts';

export { defaultThumbnailCacheDir } from './cache.ts';

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
  private closed = false;

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
      name: 'thumbnails',
      workerData,
    });
  }

  async get(absImagePath: string, size: number): Promise<Result<Thumbnail, AppError>> {
    if (this.closed) return err({ kind: 'closed', message: 'thumbnail service is closed' });
    if (!path.isAbsolute(absImagePath)) return err({ kind: 'invalid-argument', message: `not an absolute path: ${absImagePath}` });
    if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
      return err({ kind: 'invalid-argument', message: `thumbnail size must be an integer from 1 to ${MAX_SIZE}, got ${size}` });
    }
    const src = path.resolve(absImagePath);
    const source = await identify(src);
    if (!source.ok) return source;

    const key = thumbnailKey(source.value, size);
    const shared = this.inflight.get(key);
    if (shared) return shared;
    const job = this.produce(src, size, thumbnailPath(this.cacheDir, key)).finally(() => this.inflight.delete(key));
    this.inflight.set(key, job);
    return job;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }

  private async produce(src: string, size: number, file: string): Promise<Result<Thumbnail, AppError>> {
    const hit = await readCachedSize(file);
    if (hit) return ok({ path: file, contentType: 'image/webp', ...hit, cached: true });

    const rendered = await this.pool.run({ src, size, maxInputPixels: this.maxInputPixels });
    if (!rendered.ok) return rendered;
    const { webp, width, height } = rendered.value;
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, webp);
    } catch (e) {
      return err({ kind: 'cache-write-failed', message: `cannot write thumbnail cache ${file}: ${errnoText(e)}` });
    }
    return ok({ path: file, contentType: 'image/webp', width, height, cached: false });
  }
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
