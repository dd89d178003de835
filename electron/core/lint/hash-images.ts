import fs from 'node:fs';
import path from 'node:path';
import type { AppError } from '../../../shared/result.ts';
import type { Progress } from '../journal/transaction.ts';
import { isRealInside } from '../fs/inside-root.ts';
import { forEachSliced } from '../fs/parallel.ts';
import { ThumbnailService } from '../thumbnails/service.ts';
import { firstLine } from '../workers/protocol.ts';
import { HashCache } from './hash-cache.ts';
import type { FileIdentity } from './hash-cache.ts';
import type { ImageHash } from './image-hash.ts';

export interface HashImagesOptions {
  /** Where the per-dataset hash files live; must be outside the dataset (trainers would find them). */
  cacheDir: string;
  onProgress?: (p: Progress) => void;
  /** Worker threads; default the number of cores, at most 4. */
  concurrency?: number;
  /** Per image; a worker stuck longer is replaced. Default 30 s. */
  timeoutMs?: number;
  maxInputPixels?: number;
  /** Thumbnail worker module to run instead of thumbnail-worker.ts (a test double). */
  workerEntry?: URL;
  /**
   * The thumbnail service whose thumbnails the hashes are made from (the session's, so the grid's
   * thumbnails are reused and a source is decoded once). Without it hashImages starts its own on
   * `thumbnailCacheDir`, by default the thumbnail folder that holds `cacheDir` (hashCacheDirIn).
   */
  thumbnails?: ThumbnailService;
  thumbnailCacheDir?: string;
}

export interface HashImagesResult {
  /** id -> hash, in the order of the ids given. */
  hashes: Map<string, ImageHash>;
  /** Images left out because of the image itself (corrupt, too large, gone): not an error for the lint. */
  skipped: { id: string; error: AppError }[];
  /** Failures of the hashing itself (a worker that crashed or hung): some images went unchecked. */
  failures: AppError[];
  /** How many hashes came from the cache. */
  cached: number;
}

const PHASE = 'hashing images';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Kinds that describe the image, not the machinery: skipping that image is the right answer. */
const IMAGE_KINDS = new Set(['corrupt-image', 'too-large', 'not-found', 'unreadable']);
/**
 * A worker that cannot even load fails every job once; after this many failures of the machinery
 * the rest is not attempted, so 10,000 images do not mean 10,000 doomed worker starts.
 */
const GIVE_UP_AFTER = 3;
/** Requests in flight: enough to keep 4 workers busy. */
const LANES = 8;

/** Perceptual hashes of the images `ids` (paths relative to `root`), from the cache or computed in worker threads. */
export async function hashImages(root: string, ids: readonly string[], opts: HashImagesOptions): Promise<HashImagesResult> {
  const result: HashImagesResult = { hashes: new Map(), skipped: [], failures: [], cached: 0 };
  const found = new Map<string, ImageHash>();
  const total = ids.length;
  let done = 0;
  const tick = () => opts.onProgress?.({ phase: PHASE, done: ++done, total });
  opts.onProgress?.({ phase: PHASE, done, total });

  const cache = await HashCache.load(opts.cacheDir, root);
  const realRoot = await fs.promises.realpath(root).catch(() => path.resolve(root));
  const misses: { id: string; file: FileIdentity }[] = [];
  // Synchronous stats in time slices: one promise per image, all at once, filled libuv's threads, so
  // over 10,000 images every other file read of an open editor waited ~0.5-0.8 s behind the lint.
  await forEachSliced(ids, (id) => {
    const file = identify(realRoot, path.resolve(root, id));
    if ('kind' in file) {
      result.skipped.push({ id, error: file });
      tick();
      return;
    }
    const hit = cache.get(file);
    if (hit) {
      found.set(id, hit);
      result.cached += 1;
      tick();
    } else {
      misses.push({ id, file });
    }
  });

  if (misses.length > 0) {
    const own = opts.thumbnails
      ? null
      : new ThumbnailService({
          cacheDir: opts.thumbnailCacheDir ?? thumbnailDirOf(opts.cacheDir),
          name: 'image hashes',
          timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
          ...(opts.maxInputPixels !== undefined ? { maxInputPixels: opts.maxInputPixels } : {}),
          ...(opts.workerEntry ? { workerEntry: opts.workerEntry } : {}),
        });
    const service = opts.thumbnails ?? own!;
    // A few requests in flight at a time (not all at once): the service may be the session's, shared
    // with the grid, and giving up must leave nothing queued behind.
    let next = 0;
    const lane = async () => {
      while (next < misses.length) {
        const { id, file } = misses[next++]!;
        if (result.failures.length >= GIVE_UP_AFTER) {
          tick();
          continue;
        }
        const hashed = await service.hash(file.absPath);
        if (hashed.ok) {
          found.set(id, hashed.value);
          cache.set(file, hashed.value);
        } else if (IMAGE_KINDS.has(hashed.error.kind)) {
          result.skipped.push({ id, error: hashed.error });
        } else if (hashed.error.kind !== 'pool-closed' && hashed.error.kind !== 'closed' && result.failures.length < GIVE_UP_AFTER) {
          result.failures.push(hashed.error);
          if (result.failures.length >= GIVE_UP_AFTER) void own?.close();
        }
        tick();
      }
    };
    try {
      await Promise.all(Array.from({ length: LANES }, lane));
    } finally {
      await own?.close();
    }
  }

  // The cache only saves work; a read-only or full cache folder must not fail the lint.
  await cache.save().catch(() => undefined);
  for (const id of ids) {
    const hash = found.get(id);
    if (hash) result.hashes.set(id, hash);
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  result.skipped.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return result;
}

/** The inverse of hashCacheDirIn(): hashes live in `<thumbnails>/image-hashes`; any other folder keeps its own thumbnails inside. */
function thumbnailDirOf(hashCacheDir: string): string {
  const abs = path.resolve(hashCacheDir);
  return path.basename(abs) === 'image-hashes' ? path.dirname(abs) : path.join(abs, 'thumbnails');
}

function identify(realRoot: string, absPath: string): FileIdentity | AppError {
  const name = path.basename(absPath);
  try {
    if (!isRealInside(realRoot, fs.realpathSync(absPath))) {
      return { kind: 'outside', message: `${name}: a symbolic link to a file outside the dataset: not read` };
    }
    const st = fs.statSync(absPath, { bigint: true });
    if (!st.isFile()) return { kind: 'not-found', message: `${name}: not a regular file` };
    // libvips calls an empty file an "unsupported format", which misleads.
    if (st.size === 0n) return { kind: 'corrupt-image', message: `${name}: file is empty (0 bytes)` };
    return { absPath, size: st.size, mtimeNs: st.mtimeNs };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'not-found', message: `${name}: file not found` };
    return { kind: 'unreadable', message: `${name}: cannot read (${code ?? firstLine(String(e))})` };
  }
}
