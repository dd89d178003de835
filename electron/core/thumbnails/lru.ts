import fs from 'node:fs';
import path from 'node:path';
import { TEMP_NAME_RE } from '../fs/atomic-write.ts';
import { forEachSliced } from '../fs/parallel.ts';

/*
 * Size bound of the thumbnail cache (thumbnails, their hash sidecars and lint's per-dataset hash
 * files): least recently used first, by total bytes. Several processes (the desktop app, a
 * `tagsmith serve`, the CLI's lint) may share one cache folder, and none of them takes a lock:
 * - every cache file is written to a temp name and renamed into place, so a reader opens either
 *   the whole old file or the whole new one, never a torn one;
 * - the LRU clock is the file's mtime (set to now by touch() on each use; atime is useless on
 *   noatime/relatime mounts), so "recently used" is visible to every process;
 * - a pass lists and stats the folder, then unlinks the oldest files until the total is below the
 *   low-water mark. A file another process just made or used is younger than the grace period and is
 *   never a candidate, so a path handed out a moment ago still exists when it is served. A file
 *   already open stays readable after unlink on POSIX; on Windows the unlink fails (EBUSY/EPERM) and
 *   the file is skipped. ENOENT means another pass got there first: counted as gone, not an error;
 * - two passes at once may together remove a little more than needed, never a file in use: the
 *   worst case of being lock-free is a few extra cache misses.
 */

export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;
/** The usual file system block: what a written file is assumed to take on disk until a pass measures it. */
export const BLOCK_BYTES = 4096;
/** A pass evicts down to this share of the bound, so it does not run again after the next write. */
const LOW_WATER = 0.9;
/** Files used (or written) more recently than this are never evicted: another process may be serving them. */
export const DEFAULT_GRACE_MS = 5 * 60_000;
/** A temp file older than this belongs to a writer that died; younger ones are being written right now. */
const STALE_TEMP_MS = 60 * 60_000;
/** touch() skips files used this recently, so a grid scrolling back and forth does not write metadata per hit. */
const TOUCH_AFTER_MS = 60_000;

export interface EvictOptions {
  maxBytes: number;
  graceMs?: number;
  now?: number;
}

export interface EvictResult {
  files: number;
  bytesBefore: number;
  bytesAfter: number;
  removed: number;
}

interface Entry {
  file: string;
  size: number;
  used: number;
}

/** One eviction pass over `dir` (two levels: shard folders and image-hashes/). */
export async function evictLeastRecentlyUsed(dir: string, opts: EvictOptions): Promise<EvictResult> {
  const now = opts.now ?? Date.now();
  const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
  const entries: Entry[] = [];
  await collect(dir, 2, entries);
  const bytesBefore = entries.reduce((sum, e) => sum + e.size, 0);
  let total = bytesBefore;
  let removed = 0;
  // Dead writers' temp files go whatever the total; live ones are left alone.
  for (const e of entries) {
    if (TEMP_NAME_RE.test(path.basename(e.file)) && now - e.used > STALE_TEMP_MS && (await unlink(e.file))) {
      total -= e.size;
      removed += 1;
    }
  }
  if (total > opts.maxBytes) {
    const target = opts.maxBytes * LOW_WATER;
    const candidates = entries.filter((e) => !TEMP_NAME_RE.test(path.basename(e.file)) && now - e.used >= grace).sort((a, b) => a.used - b.used);
    for (const e of candidates) {
      if (total <= target) break;
      if (await unlink(e.file)) {
        total -= e.size;
        removed += 1;
      }
    }
  }
  return { files: entries.length, bytesBefore, bytesAfter: total, removed };
}

/** Marks a cache file as just used (the LRU clock). Best effort: a file evicted meanwhile is fine. */
export async function touch(file: string, mtimeMs?: number): Promise<void> {
  const now = Date.now();
  if (mtimeMs !== undefined && now - mtimeMs < TOUCH_AFTER_MS) return;
  const t = new Date(now);
  await fs.promises.utimes(file, t, t).catch(() => undefined);
}

/**
 * Lists the folders, then stats their files synchronously in time slices. A full cache holds 100,000
 * files and more: one promise per stat, all at once, held the event loop ~2 s and queued every other
 * file read of the process (a caption, the tokenizer's vocabulary, an image) ~3 s behind them in
 * libuv's four threads. A stat of a cached inode costs microseconds; slices keep requests answered.
 */
async function collect(dir: string, depth: number, out: Entry[]): Promise<void> {
  const files: string[] = [];
  await listFiles(dir, depth, files);
  await forEachSliced(files, (file) => {
    try {
      const st = fs.statSync(file);
      out.push({ file, size: diskBytes(st), used: Math.max(st.mtimeMs, st.atimeMs) });
    } catch {
      // Removed by another process between readdir and stat.
    }
  });
}

/**
 * What a file takes on disk, the figure `du` shows and the bound is about: most cache files are far
 * smaller than a block (a hash sidecar is ~150 bytes in a 4 KB block), so their sizes would undercount
 * the folder several times over. The size where blocks are not reported (Windows) or are none (data
 * stored inline in the inode).
 */
const diskBytes = (st: fs.Stats): number => (st.blocks > 0 ? st.blocks * 512 : st.size);

async function listFiles(dir: string, depth: number, out: string[]): Promise<void> {
  let names: fs.Dirent[];
  try {
    names = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of names) {
    const file = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (depth > 1) await listFiles(file, depth - 1, out);
    } else if (d.isFile()) out.push(file);
  }
}

/** True when the file is gone afterwards (also when someone else removed it first). */
async function unlink(file: string): Promise<boolean> {
  try {
    await fs.promises.unlink(file);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
