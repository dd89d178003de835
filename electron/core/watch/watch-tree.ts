import fs from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';

export interface TreeEvent {
  relPath: string;
  /** 'unlinkDir': a folder went (moved away or deleted); what was under it went with it. */
  event: 'add' | 'change' | 'unlink' | 'unlinkDir';
  /** The file's lstat taken for the event, when there was one (lets a reader skip files it knows). */
  stats?: fs.Stats;
}

/** Hidden anywhere in the path: .tagsmith/, .git/, and our own `.x.tagsmith-<pid>-<n>.tmp` files. */
export function isHiddenRel(relPath: string): boolean {
  return relPath.split(/[\\/]/).some((s) => s.startsWith('.') && s !== '.' && s !== '..');
}

/**
 * Watches the dataset folder for file events (directories are not reported). Symlinks are not
 * followed, matching the scan. Resolves once the initial crawl is done, so events after that are real.
 * `hiddenFiles`: hidden files (relative, `/` separators) that are reported all the same, such as the
 * journal's state file; the rest of their folders (lock, temp files, entries) churn and stays ignored.
 */
export async function watchTree(
  root: string,
  onEvent: (e: TreeEvent) => void,
  onError?: (e: unknown) => void,
  hiddenFiles: readonly string[] = [],
): Promise<() => Promise<void>> {
  const wanted = new Set(hiddenFiles);
  // Their folders must be crawled for the files to be seen, also when they are created later.
  for (const f of hiddenFiles) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) wanted.add(parts.slice(0, i).join('/'));
  }
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (p: string) => {
      const rel = path.relative(root, p).split(path.sep).join('/');
      return rel !== '' && isHiddenRel(rel) && !wanted.has(rel);
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
export const SETTLE_MS = 70;
/** A file still changing after this long is announced anyway (a slow copy shows progress). */
const SETTLE_MAX_MS = 1000;

/**
 * A program that writes a file in place (truncate, then write) makes two change events a few
 * milliseconds apart; chokidar reports the first and drops the second, so a reader acting on the
 * first would see the empty file and never hear of the text. So a change is announced once the file
 * has held still (same size, time and inode) for SETTLE_MS: a stat or two per change, no read.
 */
function settleWrites(announce: (p: string) => void): ((p: string) => void) & { cancel(): void } {
  const waiting = new Map<string, { timer: NodeJS.Timeout; stamp: string | null; since: number }>();
  const stamp = (p: string): string | null => {
    try {
      const st = fs.statSync(p);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  };
  const check = (p: string) => {
    const w = waiting.get(p);
    if (!w) return;
    const now = stamp(p);
    if (now !== w.stamp && Date.now() - w.since < SETTLE_MAX_MS) {
      w.stamp = now;
      w.timer = setTimeout(() => check(p), SETTLE_MS);
      return;
    }
    waiting.delete(p);
    announce(p);
  };
  const settle = (p: string) => {
    const w = waiting.get(p);
    if (w) clearTimeout(w.timer);
    waiting.set(p, { timer: setTimeout(() => check(p), SETTLE_MS), stamp: stamp(p), since: w?.since ?? Date.now() });
  };
  settle.cancel = () => {
    for (const w of waiting.values()) clearTimeout(w.timer);
    waiting.clear();
  };
  return settle;
}
