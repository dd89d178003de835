import type { Handlers } from '../../../shared/contract/api.ts';
import { hashCacheDirIn } from '../lint/hash-cache.ts';
import { runLint } from '../lint/run.ts';
import type { Session } from '../session/session.ts';

export function lintHandlers(session: Session): Pick<Handlers, 'lint.run'> {
  return {
    'lint.run': async ({ images }) => runLint(session.dataset(), { images, cacheDir: imageHashCacheDir(session) }),
  };
}

/**
 * Image hashes are cached with the session's thumbnails, so a session given its own thumbnail folder
 * (tests, a portable install) never writes into the user's real cache.
 */
function imageHashCacheDir(session: Session): string {
  return hashCacheDirIn(session.thumbnails().cacheDir);
}
