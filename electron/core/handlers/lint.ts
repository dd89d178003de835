import type { Handlers } from '../../../shared/contract/api.ts';
import { loadTokenCounter, type TokenCounter } from '../lint/clip-tokenizer.ts';
import { hashCacheDirIn } from '../lint/hash-cache.ts';
import { runLint } from '../lint/run.ts';
import type { Session } from '../session/session.ts';

export function lintHandlers(session: Session): Pick<Handlers, 'lint.run' | 'tokens.count'> {
  // The counter is looked up once per dataset folder (the vocabulary itself is parsed once per process).
  let counter: { root: string; loaded: Promise<TokenCounter> } | null = null;
  const counterFor = (root: string) => {
    if (counter?.root !== root) counter = { root, loaded: loadTokenCounter(root) };
    return counter.loaded;
  };
  return {
    'lint.run': async ({ images }) => runLint(session.dataset(), { images, cacheDir: imageHashCacheDir(session), hashing: { thumbnails: session.thumbnails() } }),
    'tokens.count': async ({ texts }) => {
      const c = await counterFor(session.dataset().root);
      return { counts: texts.map((t) => c.countTokens(t)), exact: c.kind === 'clip-bpe' };
    },
  };
}

/**
 * Image hashes are cached with the session's thumbnails, so a session given its own thumbnail folder
 * (tests, a portable install) never writes into the user's real cache.
 */
function imageHashCacheDir(session: Session): string {
  return hashCacheDirIn(session.thumbnails().cacheDir);
}
