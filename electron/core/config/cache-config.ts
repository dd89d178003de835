import * as z from 'zod';
import { loadPrefs } from './prefs-file.ts';

/*
 * The machine-level cache section of the per-user config file: how much disk the thumbnail cache
 * (thumbnails, their hashes, lint's hash files) may use before the least recently used files go.
 * Per machine, not per dataset: the cache is shared by every dataset and every Tagsmith process.
 *
 *   "cache": { "maxSizeMB": 2048 }
 */

export const CACHE_SECTION = 'cache';
export const DEFAULT_CACHE_MAX_MB = 2048;

export const CacheSectionSchema = z.looseObject({
  maxSizeMB: z.number().int().min(1).default(DEFAULT_CACHE_MAX_MB),
});

/**
 * The bound in bytes. An unreadable file or an invalid section gives the default: the cache is an
 * optimisation, and a typo in this field must not stop thumbnails (prefs-file.ts reports the file).
 */
export async function loadCacheMaxBytes(file: string): Promise<number> {
  const loaded = await loadPrefs(file);
  const parsed = CacheSectionSchema.safeParse((loaded.prefs as Record<string, unknown>)[CACHE_SECTION] ?? {});
  return (parsed.success ? parsed.data.maxSizeMB : DEFAULT_CACHE_MAX_MB) * 1024 * 1024;
}
