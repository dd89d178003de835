import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { defaultThumbnailCacheDir } from '../thumbnails/cache.ts';
import { GRID_BYTES } from './colour-grid.ts';
import type { ImageHash } from './image-hash.ts';

/**
 * Bump when hashPixels() changes (sample size, flattening, flat threshold, the colour grid, the
 * thumbnail it reads) so old hashes stop matching. v2: perceptual hashes carry their colour grid.
 * v3: hashed from the 256 px WebP thumbnail (one decode of the source for grid and lint), which is
 * lossy, so its hashes differ slightly from v2's hashes of the full image. v4: the 32x32 sample and
 * its greyscale made in plain code (sample.ts), not by libvips: the same picture, other rounding.
 */
export const HASH_VERSION = 'phash-v4-sample';

/**
 * Inside the thumbnail cache, and for the same reason outside every dataset (trainers scan dataset
 * folders). Inside rather than beside it: a session or test given its own thumbnail folder then
 * keeps its hashes there too, instead of in whatever folder happens to contain that one.
 */
export function hashCacheDirIn(thumbnailCacheDir: string): string {
  return path.join(path.resolve(thumbnailCacheDir), 'image-hashes');
}

/** The app's and the CLI's shared default: XDG_CACHE_HOME (or the platform's cache folder)/tagsmith/thumbnails/image-hashes. */
export function defaultImageHashCacheDir(): string {
  return hashCacheDirIn(defaultThumbnailCacheDir());
}

/** Path, size and mtime name one version of an image: an edited or replaced file misses the cache. */
export interface FileIdentity {
  absPath: string;
  size: bigint;
  mtimeNs: bigint;
}

/** A colour grid in base64: GRID_BYTES is a multiple of 3, so there is no padding. */
const GRID_BASE64 = new RegExp(`^[A-Za-z0-9+/]{${(GRID_BYTES / 3) * 4}}$`);

export const ImageHashSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phash'), hex: z.string().regex(/^[0-9a-f]{16}$/), colours: z.string().regex(GRID_BASE64) }),
  z.object({ kind: z.literal('flat'), colour: z.string().regex(/^#[0-9a-f]{6}$/) }),
]);

const CacheFileSchema = z.object({
  version: z.literal(HASH_VERSION),
  root: z.string(),
  /** absolute path -> [size, mtimeNs, hash]; sizes as strings since they are bigints. */
  entries: z.record(z.string(), z.tuple([z.string(), z.string(), ImageHashSchema])),
});
type Entries = z.infer<typeof CacheFileSchema>['entries'];

/**
 * One JSON file per dataset root, so a second lint of 10,000 images reads one file rather than
 * 10,000. Only the entries looked up or stored during this run are written back, so images removed
 * from the dataset drop out instead of piling up. The cache is an optimisation: an unreadable or
 * foreign file is treated as empty, never as an error.
 */
export class HashCache {
  private readonly kept: Entries = {};
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly stored: Entries,
  ) {}

  static async load(cacheDir: string, root: string): Promise<HashCache> {
    const abs = path.resolve(root);
    const file = path.join(path.resolve(cacheDir), `${createHash('sha256').update(abs).digest('hex').slice(0, 32)}.json`);
    let entries: Entries = {};
    try {
      const parsed = CacheFileSchema.safeParse(JSON.parse(await fs.promises.readFile(file, 'utf8')));
      if (parsed.success && parsed.data.root === abs) entries = parsed.data.entries;
    } catch {
      // Missing, unreadable or not JSON: start empty.
    }
    return new HashCache(file, abs, entries);
  }

  get(id: FileIdentity): ImageHash | null {
    const entry = this.stored[id.absPath];
    if (!entry || entry[0] !== id.size.toString() || entry[1] !== id.mtimeNs.toString()) return null;
    this.kept[id.absPath] = entry;
    return entry[2];
  }

  set(id: FileIdentity, hash: ImageHash): void {
    this.kept[id.absPath] = [id.size.toString(), id.mtimeNs.toString(), hash];
    this.dirty = true;
  }

  /** Writes the entries of this run when anything changed; throws the write error (callers may ignore it). */
  async save(): Promise<void> {
    const dropped = Object.keys(this.stored).some((k) => !(k in this.kept));
    if (!this.dirty && !dropped) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ version: HASH_VERSION, root: this.root, entries: this.kept }));
  }
}
