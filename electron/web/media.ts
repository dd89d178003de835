import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../shared/result.ts';
import { isInsideRoot, toAbsolute } from '../core/fs/inside-root.ts';

/** What the thumbnail route needs of the ThumbnailService (which satisfies it as it is). */
export interface ThumbnailSource {
  get(absImagePath: string, size: number): Promise<Result<{ path: string; contentType: 'image/webp' }, AppError>>;
}

export type MediaFile = { ok: true; realPath: string } | { ok: false; status: 403 | 404 };

/**
 * The real path of an image id already checked by parseMediaId, or a refusal. The lexical check is
 * repeated (cheap, and the route must not depend on its caller), then realpath catches a symlink,
 * file or folder, that leads outside the dataset root. Serving the real path means a link swapped
 * after this check still cannot redirect the read.
 */
export async function resolveMediaFile(root: string, id: string): Promise<MediaFile> {
  if (!isInsideRoot(root, id)) return { ok: false, status: 403 };
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.promises.realpath(root);
    real = await fs.promises.realpath(toAbsolute(root, id));
  } catch {
    return { ok: false, status: 404 };
  }
  if (!real.startsWith(realRoot + path.sep)) return { ok: false, status: 403 };
  return { ok: true, realPath: real };
}

/** A strong validator from size and mtime: cheap (one fstat) and changes whenever the file does. */
export const fileEtag = (st: fs.Stats): string => `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;

/** If-None-Match holds the current ETag (a list, or `*`): the client's copy is still good. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
