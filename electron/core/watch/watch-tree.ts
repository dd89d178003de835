import fs from 'node:fs';
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
  const settle = settleWrites(emit('change'));
  watcher.on('add', emit('add'));
  watcher.on('change', (p: string) => settle(p));
  watcher.on('unlink', emit('unlink'));
  watcher.on('error', (e) => onError?.(e));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return async () => {
    settle.cancel();
    await watcher.close();
  };
}

/** Longer than chokidar's 50 ms window in which it drops repeated change events for one file. */
export const SETTLE_MS = 120;

/**
 * A program that writes a file in place (truncate, then write) makes two change events in a few
 * milliseconds; chokidar reports the first and drops the second, so the reader may have seen the
 * empty file and never hear of the text. Each change is announced at once, with the file's size and
 * time noted just before the listener reads it; a little later the file is looked at again and
 * announced once more if either moved since (a stat, no read, for the common one-write case).
 */
function settleWrites(announce: (p: string) => void): ((p: string) => void) & { cancel(): void } {
  const timers = new Map<string, NodeJS.Timeout>();
  const stamp = (p: string): string | null => {
    try {
      const st = fs.statSync(p);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  };
  const settle = (p: string) => {
    const before = stamp(p);
    announce(p);
    clearTimeout(timers.get(p));
    timers.set(
      p,
      setTimeout(() => {
        timers.delete(p);
        const now = stamp(p);
        if (now !== null && now !== before) announce(p);
      }, SETTLE_MS),
    );
  };
  settle.cancel = () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
  return settle;
}
