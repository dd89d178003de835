import fs from 'node:fs';
import path from 'node:path';
import watcher from '@parcel/watcher';

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
 * followed, matching the scan. Resolves once watching has started, so events after that are real.
 * `hiddenFiles`: hidden files (relative, `/` separators) that are reported all the same, such as the
 * journal's state file; the rest of their folders (lock, temp files, entries) churn and stays ignored.
 *
 * Built on @parcel/watcher: one native watch per folder (not one per file, as chokidar's fs.watch
 * backend puts), events batched by the native side, and no re-read of a folder when it changes, so
 * a batch that rewrites 10,000 captions costs 10,000 small events, not 10,000 x folder-size stats.
 */
export async function watchTree(
  root: string,
  onEvent: (e: TreeEvent) => void,
  onError?: (e: unknown) => void,
  hiddenFiles: readonly string[] = [],
): Promise<() => Promise<void>> {
  const wanted = new Set(hiddenFiles);
  // Folders on the way to a wanted file: when one is created, the file may already be in it before
  // the native side watches it (a first edit creates .tagsmith/journal/ and its state file at once).
  const wantedUnder = new Map<string, string[]>();
  for (const f of hiddenFiles) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      wantedUnder.set(dir, [...(wantedUnder.get(dir) ?? []), f]);
    }
  }
  // Hidden top-level folders holding a wanted file stay watched (the native side matches the ignore
  // pattern against paths relative to the root, `/`-separated); every other hidden path is never watched.
  const keepTop = [...new Set(hiddenFiles.map((f) => f.split('/')[0]!))].filter((t) => t.startsWith('.'));
  const keep = keepTop.map((t) => `${escapeRegExp(t.slice(1))}(/|$)`).join('|');
  const ignore = new RegExp(keep ? `^\\.(?!${keep})|/\\.` : '^\\.|/\\.');
  const toRel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const dirs = new Set<string>();
  await collectDirs(root, '', dirs);
  const settle = settleWrites((p) => onEvent({ relPath: toRel(p), event: 'change' }));
  let closed = false;

  const handle = (type: watcher.EventType, abs: string) => {
    const relPath = toRel(abs);
    if (relPath === '' || relPath.startsWith('../')) return;
    if (type === 'create' && wantedUnder.has(relPath)) {
      for (const f of wantedUnder.get(relPath)!) if (fs.existsSync(path.join(root, f))) onEvent({ relPath: f, event: 'add' });
      return;
    }
    if (isHiddenRel(relPath) && !wanted.has(relPath)) return;
    if (type === 'delete') {
      settle.drop(abs);
      if (dirs.has(relPath)) {
        for (const d of dirs) if (d === relPath || d.startsWith(`${relPath}/`)) dirs.delete(d);
        onEvent({ relPath, event: 'unlinkDir' });
      } else onEvent({ relPath, event: 'unlink' });
      return;
    }
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return; // gone again already; its delete event follows
    }
    if (st.isSymbolicLink() && !st.isFile()) {
      // A symlink is reported as a file only when the scan would list it (a link to a folder is not followed).
      if (!isLinkToFile(abs)) return;
    }
    if (st.isDirectory()) {
      // A folder created or moved in: its files arrive without events of their own.
      if (type === 'create') void addFolder(relPath);
      return;
    }
    if (type === 'create') {
      // Also a rename over an existing file (an atomic save): the reader compares content anyway.
      settle.drop(abs);
      onEvent(st.isSymbolicLink() ? { relPath, event: 'add' } : { relPath, event: 'add', stats: st });
    } else settle(abs);
  };

  const addFolder = async (relPath: string) => {
    const files: string[] = [];
    await collectDirs(root, relPath, dirs, files).catch((e: unknown) => onError?.(e));
    if (!closed) for (const f of files) onEvent({ relPath: f, event: 'add' });
  };

  const sub = await watcher.subscribe(
    root,
    (error, events) => {
      if (closed) return;
      if (error) {
        onError?.(error);
        return;
      }
      for (const e of events) {
        try {
          handle(e.type, e.path);
        } catch (err) {
          onError?.(err);
        }
      }
    },
    { ignore: [ignore] },
  );
  return async () => {
    closed = true;
    settle.cancel();
    await sub.unsubscribe();
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function isLinkToFile(abs: string): boolean {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

/**
 * Records every folder under `rel` (hidden and symlinked ones skipped, as the scan does), and its
 * files when `files` is given. Reads folder entries only: no stat per file.
 */
async function collectDirs(root: string, rel: string, dirs: Set<string>, files?: string[]): Promise<void> {
  if (rel !== '') dirs.add(rel);
  const entries = await fs.promises.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  for (const d of entries) {
    if (d.name.startsWith('.')) continue;
    const child = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.isDirectory()) await collectDirs(root, child, dirs, files);
    else if (files && (d.isFile() || (d.isSymbolicLink() && isLinkToFile(path.join(root, child))))) files.push(child);
  }
}

/** Longer than the native side's batching window, so a write in two steps settles into one event. */
export const SETTLE_MS = 70;
/** A file still changing after this long is announced anyway (a slow copy shows progress). */
const SETTLE_MAX_MS = 1000;

/**
 * A program that writes a file in place (truncate, then write) makes two change events a few
 * milliseconds apart; chokidar reports the first and drops the second, so a reader acting on the
 * first would see the empty file and never hear of the text. So a change is announced once the file
 * has held still (same size, time and inode) for SETTLE_MS: a stat or two per change, no read.
 */
function settleWrites(announce: (p: string) => void): ((p: string) => void) & { cancel(): void; drop(p: string): void } {
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
  settle.drop = (p: string) => {
    const w = waiting.get(p);
    if (w) clearTimeout(w.timer);
    waiting.delete(p);
  };
  settle.cancel = () => {
    for (const w of waiting.values()) clearTimeout(w.timer);
    waiting.clear();
  };
  return settle;
}
