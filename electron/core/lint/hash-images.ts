import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppError } from '../../../shared/result.ts';
import type { Progress } from '../journal/transaction.ts';
import { DEFAULT_MAX_INPUT_PIXELS } from '../images/image-error.ts';
import { WorkerPool } from '../workers/pool.ts';
import { firstLine } from '../workers/protocol.ts';
import { HashCache } from './hash-cache.ts';
import type { FileIdentity } from './hash-cache.ts';
import type { HashRequest, ImageHash } from './image-hash.ts';
import type { HashWorkerData } from './image-hash-worker.ts';

export interface HashImagesOptions {
  /** Where the per-dataset hash files live; must be outside the dataset (trainers would find them). */
  cacheDir: string;
  onProgress?: (p: Progress) => void;
  /** Worker threads; default the number of cores, at most 4. */
  concurrency?: number;
  /** Per image; a worker stuck longer is replaced. Default 30 s. */
  timeoutMs?: number;
  maxInputPixels?: number;
  /** Worker module to run instead of image-hash-worker.ts (a test double). */
  workerEntry?: URL;
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

/** Perceptual hashes of the images `ids` (paths relative to `root`), from the cache or computed in worker threads. */
export async function hashImages(root: string, ids: readonly string[], opts: HashImagesOptions): Promise<HashImagesResult> {
  const result: HashImagesResult = { hashes: new Map(), skipped: [], failures: [], cached: 0 };
  const found = new Map<string, ImageHash>();
  const total = ids.length;
  let done = 0;
  const tick = () => opts.onProgress?.({ phase: PHASE, done: ++done, total });
  opts.onProgress?.({ phase: PHASE, done, total });

  const cache = await HashCache.load(opts.cacheDir, root);
  const misses: { id: string; file: FileIdentity }[] = [];
  await Promise.all(
    ids.map(async (id) => {
      const file = await identify(path.resolve(root, id));
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
    }),
  );

  if (misses.length > 0) {
    const pool = createPool(opts);
    const maxInputPixels = opts.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
    try {
      await Promise.all(
        misses.map(async ({ id, file }) => {
          const hashed = await pool.run({ src: file.absPath, maxInputPixels });
          if (hashed.ok) {
            found.set(id, hashed.value);
            cache.set(file, hashed.value);
          } else if (IMAGE_KINDS.has(hashed.error.kind)) {
            result.skipped.push({ id, error: hashed.error });
          } else if (hashed.error.kind !== 'pool-closed') {
            result.failures.push(hashed.error);
            if (result.failures.length >= GIVE_UP_AFTER) void pool.close();
          }
          tick();
        }),
      );
    } finally {
      await pool.close();
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

function createPool(opts: HashImagesOptions): WorkerPool<HashRequest, ImageHash> {
  const cores = os.availableParallelism();
  const size = Math.max(1, Math.floor(opts.concurrency ?? Math.min(cores, 4)));
  const workerData: HashWorkerData = { sharpConcurrency: Math.max(1, Math.floor(cores / size)) };
  return new WorkerPool<HashRequest, ImageHash>({
    entry: opts.workerEntry ?? new URL('./image-hash-worker.ts', import.meta.url),
    size,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    name: 'image hashes',
    workerData,
  });
}

async function identify(absPath: string): Promise<FileIdentity | AppError> {
  const name = path.basename(absPath);
  try {
    const st = await fs.promises.stat(absPath, { bigint: true });
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
