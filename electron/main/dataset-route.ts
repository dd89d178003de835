// What a dataset:// request may be answered with, decided without Electron so it is unit-tested;
// protocol.ts only turns the verdict into a Response. Path policy is the web server's, shared:
// parseMediaId (one decode, no encoded separators, no dot segments, images only), then realpath
// containment in the open dataset's root, so a symlink leading out is refused.
import { thumbnailBucket } from '../../shared/contract/urls.ts';
import { resolveMediaFile, type ThumbnailSource } from '../web/media.ts';
import { imageContentType, parseMediaId } from '../web/security.ts';

/** What the dataset scheme needs of the Session, read on every request so a reopen takes effect at once. */
export interface MediaSession {
  readonly root: string;
  thumbnails(): ThumbnailSource;
}

export type DatasetVerdict = { ok: true; path: string; contentType: string } | { ok: false; status: 400 | 403 | 404 | 405 | 500 };

const DEFAULT_THUMB_SIZE = 256;
const MAX_THUMB_SIZE = 4096;

/** `?size=` as the web server takes it: absent means the default, anything but a sane integer is refused. */
function thumbSize(raw: string | null): number | null {
  if (raw === null) return DEFAULT_THUMB_SIZE;
  if (!/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= MAX_THUMB_SIZE ? thumbnailBucket(n) : null;
}

/** `dataset://media/<id>` -> the image; `dataset://thumbs/<id>?size=N` -> its WebP thumbnail. */
export async function routeDatasetRequest(method: string, rawUrl: string, session: MediaSession | null): Promise<DatasetVerdict> {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  if (!session) return { ok: false, status: 404 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  const route = url.hostname.toLowerCase();
  if (url.protocol !== 'dataset:' || (route !== 'media' && route !== 'thumbs') || url.port !== '' || url.username !== '') {
    return { ok: false, status: 404 };
  }
  // pathname is still percent-encoded; parseMediaId decodes it exactly once.
  const id = parseMediaId(url.pathname.slice(1));
  if (!id.ok) return { ok: false, status: id.status };
  const file = await resolveMediaFile(session.root, id.id);
  if (!file.ok) return { ok: false, status: file.status };

  if (route === 'media') {
    // The id names an image, but its real file (a symlink target inside the root) must be one too.
    const type = imageContentType(file.realPath);
    return type ? { ok: true, path: file.realPath, contentType: type } : { ok: false, status: 404 };
  }
  const size = thumbSize(url.searchParams.get('size'));
  if (size === null) return { ok: false, status: 400 };
  const thumb = await session.thumbnails().get(file.realPath, size);
  if (!thumb.ok) return { ok: false, status: thumb.error.kind === 'not-found' ? 404 : 500 };
  return { ok: true, path: thumb.value.path, contentType: thumb.value.contentType };
}
