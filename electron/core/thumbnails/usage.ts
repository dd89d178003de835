import { readCacheNote, writeCacheNote } from './cache.ts';

/*
 * What the cache folder holds, in bytes, as last measured by an eviction pass plus what processes
 * wrote since (each adds its own writes when it closes). A pass stats every file: over a full cache,
 * 100,000 files and more, ~1.2 s of CPU, which a short command such as `tagsmith lint` of a few new
 * images paid at its end every time. With this total a process knows whether its writes can bring the
 * cache to its bound, and runs a pass only then. Best effort and lock-free: two processes closing at
 * once may lose one's addition, so the total can run a little low until the next pass measures it
 * again; a missing or unreadable file means "unknown", and the next writer runs a pass.
 */

const USAGE_FILE = 'usage.json';

export async function readUsage(cacheDir: string): Promise<number | null> {
  try {
    const bytes = (JSON.parse((await readCacheNote(cacheDir, USAGE_FILE)) ?? '') as { bytes?: unknown }).bytes;
    return typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? bytes : null;
  } catch {
    return null;
  }
}

/** Without it, every process runs its first pass. */
export const writeUsage = (cacheDir: string, bytes: number): Promise<void> => writeCacheNote(cacheDir, USAGE_FILE, JSON.stringify({ bytes: Math.round(bytes) }));

/** Adds a process's writes to a known total (an unknown one stays unknown: the next writer measures). */
export async function addUsage(cacheDir: string, bytes: number): Promise<void> {
  const known = await readUsage(cacheDir);
  if (known !== null && bytes > 0) await writeUsage(cacheDir, known + bytes);
}
