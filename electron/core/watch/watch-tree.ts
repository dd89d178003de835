import path from 'node:path';
import { watch } from 'chokidar';

export interface TreeEvent {
  relPath: string;
  event: 'add' | 'change' | 'unlink';
}

/** Hidden anywhere in the path: .tagsmith/, .git/, and our own `.x.tagsmith-<pid>-<n>.tmp` files. */
export function isHiddenRel(relPath: string): boolean {
  return relPath.split(/[\\/]/).some((s) => s.startsWith('.') && s !== '.' && s !== '..');
}

/**
 * Watches the dataset folder for file events (directories are not reported). Symlinks are not
 * followed, matching the scan. Resolves once the initial crawl is done, so events after that are real.
 */
export async function watchTree(
  root: string,
  onEvent: (e: TreeEvent) => void,
  onError?: (e: unknown) => void,
): Promise<() => Promise<void>> {
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (p: string) => {
      const rel = path.relative(root, p);
      return rel !== '' && isHiddenRel(rel);
    },
  });
  const emit = (event: TreeEvent['event']) => (p: string) =>
    onEvent({ relPath: path.relative(root, p).split(path.sep).join('/'), event });
  watcher.on('add', emit('add'));
  watcher.on('change', emit('change'));
  watcher.on('unlink', emit('unlink'));
  watcher.on('error', (e) => onError?.(e));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return () => watcher.close();
}
