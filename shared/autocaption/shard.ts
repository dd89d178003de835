/*
 * Sharded auto-caption runs (`tagsmith tag|caption <dir> --shard i/n`): n machines sharing one dataset
 * folder each take a stable 1/n of the images. An image's shard depends only on its relative path and
 * n, never on which other images exist, so adding or removing images moves no other image to another
 * shard, and shards run at different times still never write the same caption file.
 */

export interface Shard {
  /** 1-based: shard 1 of 3 is the first. */
  index: number;
  count: number;
}

/** More shards than this is a typo rather than a cluster. */
export const MAX_SHARDS = 10_000;

/** Reads `i/n` (1 <= i <= n); the error is one line saying what was expected. */
export function parseShard(text: string): { ok: true; value: Shard } | { ok: false; error: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    return { ok: false, error: `--shard must be i/n with whole numbers 1 <= i <= n <= ${MAX_SHARDS} (e.g. 2/3), not ${JSON.stringify(text)}` };
  }
  return { ok: true, value: { index, count } };
}

/**
 * A 32-bit hash of the path: FNV-1a over its UTF-16 code units, then murmur3's finaliser so that
 * paths differing in their last character (img_001 … img_999) spread evenly over any n. The path is
 * NFC-normalised first: a share can show the same name decomposed to one machine and composed to another.
 */
export function pathHash(relPath: string): number {
  const text = relPath.normalize('NFC');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 1-based shard of `relPath` among `count` shards. */
export const shardOf = (relPath: string, count: number): number => (pathHash(relPath) % count) + 1;

export const inShard = (relPath: string, shard: Shard): boolean => shardOf(relPath, shard.count) === shard.index;

/** How a shard is named to people: `shard 2/3`. */
export const shardLabel = (shard: Shard): string => `shard ${shard.index}/${shard.count}`;
