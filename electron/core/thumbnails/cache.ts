import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { THUMBNAIL_SIZES } from '../../../shared/contract/urls.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { touch } from './lru.ts';
import { WEBP_HEADER_BYTES, webpSize } from './webp-size.ts';

/** Bump when the rendering changes (quality, filter, format) so old thumbnails stop matching. */
const RENDER_VERSION = 'thumb-v1';

/**
 * Outside every dataset on purpose: trainers scan dataset folders recursively and would train on any
 * thumbnail they found there. XDG_CACHE_HOME wins everywhere, then the platform's cache folder.
 */
export function defaultThumbnailCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'tagsmith', 'thumbnails');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'tagsmith', 'thumbnails');
  if (process.platform === 'win32') {
    const local = process.env.LOCALAPPDATA;
    return path.join(local && path.isAbsolute(local) ? local : path.join(home, 'AppData', 'Local'), 'tagsmith', 'cache', 'thumbnails');
  }
  return path.join(home, '.cache', 'tagsmith', 'thumbnails');
}

export interface SourceIdentity {
  absPath: string;
  size: bigint;
  mtimeNs: bigint;
}

/**
 * Path, size and mtime identify the source version: an edited or replaced image gets a new key, so
 * no invalidation pass is needed. Nanosecond mtime catches two saves within one millisecond.
 */
export function thumbnailKey(source: SourceIdentity, size: number): string {
  const material = JSON.stringify([RENDER_VERSION, source.absPath, source.size.toString(), source.mtimeNs.toString(), size]);
  return createHash('sha256').update(material).digest('hex').slice(0, 40);
}

/** Two-character shards keep any one folder small for datasets with tens of thousands of images. */
export function thumbnailPath(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key}.webp`);
}

/** Lint's perceptual hash of the thumbnail `thumbnailPath(dir, key)`, beside it (see service.ts). */
export function thumbnailHashPath(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key}.hash.json`);
}

/**
 * Dimensions of a usable cached thumbnail, or null when it is missing or not a valid WebP. A hit
 * marks the file as used (lru.ts: its mtime is the eviction clock shared by every process).
 */
export async function readCachedSize(file: string): Promise<{ width: number; height: number } | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = new Uint8Array(WEBP_HEADER_BYTES);
    const { bytesRead } = await handle.read(buf, 0, WEBP_HEADER_BYTES, 0);
    const size = webpSize(buf.subarray(0, bytesRead));
    if (size) await touch(file, (await handle.stat()).mtimeMs);
    return size;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * The thumbnail size clients last asked for, kept in the cache folder: an editor opening a dataset
 * makes its first screenful at that size before the page asks (a HiDPI screen or the list view asks
 * for another size than the default grid). Null when unknown (a missing, evicted or odd file).
 */
export async function readAskedSize(cacheDir: string): Promise<number | null> {
  const size = Number((await readCacheNote(cacheDir, ASKED_SIZE_FILE))?.trim());
  if (!(THUMBNAIL_SIZES as readonly number[]).includes(size)) return null;
  // Used, like a thumbnail served: the eviction pass (lru.ts) keeps it while editors open datasets.
  await touch(path.join(cacheDir, ASKED_SIZE_FILE));
  return size;
}

/** Without it the next prefetch uses the default size. */
export const writeAskedSize = (cacheDir: string, size: number): Promise<void> => writeCacheNote(cacheDir, ASKED_SIZE_FILE, `${size}\n`);

const ASKED_SIZE_FILE = 'asked-size';

/** A bookkeeping file of the cache folder (asked-size, usage.json): its text, or null when it cannot be read. */
export async function readCacheNote(cacheDir: string, name: string): Promise<string | null> {
  return fs.promises.readFile(path.join(cacheDir, name), 'utf8').catch(() => null);
}

/**
 * Writes a bookkeeping file atomically, best effort: a read-only cache folder only loses what the
 * file would have saved (a prefetch at another size, a pass that could have been skipped).
 */
export async function writeCacheNote(cacheDir: string, name: string, text: string): Promise<void> {
  try {
    await fs.promises.mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(path.join(cacheDir, name), text);
  } catch {
    // Best effort, see above.
  }
}
