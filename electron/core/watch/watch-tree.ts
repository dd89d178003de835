import fs from 'node:fs';
import path from 'node:path';
import { forEachSliced } from '../fs/parallel.ts';

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
 * A file is announced once it has held still (same stamp) for this long: a program that writes in
 * place (truncate, then write) is heard once, with its text, never as the empty file in between.
 */
export const SETTLE_MS = 70;
/** A file still changing after this long is announced anyway (a slow copy shows progress). */
const SETTLE_MAX_MS = 1000;
/**
 * The kernel queues a bounded number of events (Linux: fs.inotify.max_queued_events, 16,384 by
 * default) and drops the rest with a notice that libuv discards, so a burst this large may have lost
 * some. After such a burst every watched folder is listed and compared once (a stat per file).
 */
const RECONCILE_AFTER_EVENTS = 2000;
/** A burst ends when no event came for this long. */
const BURST_QUIET_MS = 300;

type Stamp = string;
// Not ctime: a chmod is no change to a reader. A rename over the file changes the inode.
const stampOf = (st: fs.Stats): Stamp => `${st.ino}:${st.size}:${st.mtimeMs}`;

/**
 * Watches the dataset folder for file events (directories are not reported). Symlinks are not
 * followed, matching the scan. Resolves once the initial crawl is done, so events after that are real.
 * `hiddenFiles`: hidden files (relative, `/` separators) that are reported all the same, such as the
 * journal's state file; the rest of their folders (lock, temp files, entries) churn and stays ignored.
 *
 * One native watch per folder (inotify, FSEvents, ReadDirectoryChangesW through `fs.watch`), never one
 * per file: a folder of 100,000 pairs costs one watch, and a batch's 10,000 renames cost a stat or two
 * each. (chokidar watched every file and re-listed the folder after changes; @parcel/watcher lost
 * events in a burst, see its issue #183.)
 */
export async function watchTree(
  root: string,
  onEvent: (e: TreeEvent) => void,
  onError?: (e: unknown) => void,
  hiddenFiles: readonly string[] = [],
): Promise<TreeWatcher> {
  const wanted = new Set(hiddenFiles);
  // Their folders must be crawled for the files to be seen, also when they are created later.
  for (const f of hiddenFiles) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) wanted.add(parts.slice(0, i).join('/'));
  }
  const tree = new TreeWatch(root, onEvent, onError ?? (() => undefined), wanted);
  await tree.addDir('', false);
  return {
    stop: async () => tree.close(),
    quietFor: (paths, isOurs) => tree.quietFor(paths, isOurs),
  };
}

export interface TreeWatcher {
  stop(): Promise<void>;
  /**
   * For a batch about to write `paths` (relative, `/` separators): stops listening to each folder
   * the batch would flood with events (at least QUIET_MIN_FILES of its files, and a quarter of its
   * entries), and returns the function to call once the batch is over, which listens again and
   * lists those folders once, a stat per entry. An entry whose stamp differs is reported as
   * usual, unless `isOurs` recognises the batch's own write in it (then only its stamp is kept),
   * so nothing another program did meanwhile is missed. Listening through the batch would cost
   * four events, two stats and a look-up per written file, and overflow the kernel's event queue.
   */
  quietFor(paths: readonly string[], isOurs: (relPath: string, st: fs.Stats) => boolean): Promise<() => Promise<void>>;
}

/** See TreeWatcher.quietFor: below this many files in one folder a batch's events cost less than a listing. */
export const QUIET_MIN_FILES = 200;

class TreeWatch {
  private readonly dirs = new Map<string, fs.FSWatcher>();
  /** Folders a batch is writing, not listened to until it ends (quietFor). */
  private readonly quiet = new Set<string>();
  /** Every file under a watched folder, with the stamp it had when last listed or announced. */
  private readonly files = new Map<string, Stamp>();
  /** Paths with events, waiting to hold still; `stamp` undefined until first looked at. */
  private readonly pending = new Map<string, { stamp: Stamp | null | undefined; since: number }>();
  private settleTimer: NodeJS.Timeout | null = null;
  private burstTimer: NodeJS.Timeout | null = null;
  private burstEvents = 0;
  private reconciling = false;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly onEvent: (e: TreeEvent) => void,
    private readonly onError: (e: unknown) => void,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  close(): void {
    this.closed = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    if (this.burstTimer) clearTimeout(this.burstTimer);
    for (const w of this.dirs.values()) w.close();
    this.dirs.clear();
    this.pending.clear();
  }

  /**
   * Watches one folder, then lists it (in that order, so a file created in between is in the listing
   * or raises an event), then its subfolders. `announce`: a folder that appeared while watching (moved
   * in with its files), whose files are reported as added; at the start they are only recorded.
   */
  async addDir(rel: string, announce: boolean): Promise<void> {
    if (this.closed || this.dirs.has(rel) || !this.listen(rel)) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(this.abs(rel), { withFileTypes: true });
    } catch (e) {
      if (!isGone(e)) this.onError(e);
      return;
    }
    const subdirs: string[] = [];
    const files: string[] = [];
    for (const ent of entries) {
      const child = join(rel, ent.name);
      if (!this.accepts(child)) continue;
      (ent.isDirectory() ? subdirs : files).push(child);
    }
    if (announce) files.forEach((f) => this.queue(f));
    else await this.recordStamps(files);
    for (const d of subdirs) await this.addDir(d, announce);
  }

  /** Puts the native watch on one folder; false when it cannot be watched (gone, or an error told). */
  private listen(rel: string): boolean {
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(this.abs(rel), { persistent: true }, (_type, name) => this.raw(rel, name));
    } catch (e) {
      if (!isGone(e)) this.onError(e);
      return false;
    }
    watcher.on('error', (e) => {
      // A folder that went is reported by its parent's watch; anything else is worth a line.
      if (fs.existsSync(this.abs(rel))) this.onError(e);
    });
    this.dirs.set(rel, watcher);
    return true;
  }

  async quietFor(paths: readonly string[], isOurs: (relPath: string, st: fs.Stats) => boolean): Promise<() => Promise<void>> {
    if (this.closed || paths.length < QUIET_MIN_FILES) return async () => undefined;
    const written = new Map<string, number>();
    await forEachSliced(paths, (p) => {
      const dir = dirOf(p);
      written.set(dir, (written.get(dir) ?? 0) + 1);
    });
    const recorded = await this.recordedChildren();
    if (this.closed) return async () => undefined;
    const quieted: string[] = [];
    for (const [dir, n] of written) {
      const watcher = this.dirs.get(dir);
      if (!watcher || n < QUIET_MIN_FILES || n * 4 < (recorded.get(dir)?.length ?? 0)) continue;
      watcher.close();
      // Still a watched folder to the rest of the class (its subfolders keep their own watches).
      this.quiet.add(dir);
      quieted.push(dir);
    }
    return async () => {
      if (quieted.length === 0) return;
      const before = await this.recordedChildren();
      for (const dir of quieted) {
        this.quiet.delete(dir);
        this.dirs.delete(dir);
        // Listening again before listing: a change made in between is in the listing or an event.
        if (this.closed || !this.listen(dir)) continue;
        await this.reconcileDir(dir, before.get(dir) ?? [], isOurs);
      }
    };
  }

  private async recordStamps(files: readonly string[]): Promise<void> {
    await forEachSliced(files, (f) => {
      const st = lstatOrNull(this.abs(f));
      if (st && !this.closed) this.files.set(f, stampOf(st));
    });
  }

  private accepts(rel: string): boolean {
    return !isHiddenRel(rel) || this.wanted.has(rel);
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, rel);
  }

  private raw(dirRel: string, name: string | null): void {
    if (this.closed) return;
    this.countBurst();
    if (name === null) {
      // The platform could not say which entry changed: compare the whole folder.
      void this.recordedChildren().then((recorded) => this.reconcileDir(dirRel, recorded.get(dirRel) ?? []));
      return;
    }
    const rel = join(dirRel, name);
    if (this.accepts(rel)) this.queue(rel);
  }

  private queue(rel: string): void {
    if (!this.pending.has(rel)) this.pending.set(rel, { stamp: undefined, since: Date.now() });
    this.settleTimer ??= setTimeout(() => this.settle(), SETTLE_MS);
  }

  /** One pass over the waiting paths: a stat each; those unchanged since the last pass are announced. */
  private settle(): void {
    this.settleTimer = null;
    if (this.closed) return;
    const now = Date.now();
    for (const [rel, p] of this.pending) {
      let st: fs.Stats | null = null;
      try {
        st = fs.lstatSync(this.abs(rel));
      } catch {
        // Gone (or unreadable, which the reader would report the same way).
      }
      if (st?.isDirectory()) {
        this.pending.delete(rel);
        if (!this.dirs.has(rel)) void this.addDir(rel, true).catch((e: unknown) => this.onError(e));
        continue;
      }
      const stamp = st ? stampOf(st) : null;
      if ((p.stamp === undefined || p.stamp !== stamp) && now - p.since < SETTLE_MAX_MS) {
        p.stamp = stamp;
        continue;
      }
      this.pending.delete(rel);
      this.announce(rel, st, stamp);
    }
    if (this.pending.size > 0) this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
  }

  private announce(rel: string, st: fs.Stats | null, stamp: Stamp | null): void {
    if (!st || stamp === null) {
      if (this.dirs.has(rel)) {
        this.forgetDir(rel);
        this.onEvent({ relPath: rel, event: 'unlinkDir' });
      } else if (this.files.delete(rel)) {
        this.onEvent({ relPath: rel, event: 'unlink' });
      }
      return;
    }
    const before = this.files.get(rel);
    if (before === stamp) return; // an event that changed nothing a reader sees (a chmod, a re-listing)
    this.files.set(rel, stamp);
    this.onEvent({ relPath: rel, event: before === undefined ? 'add' : 'change', stats: st });
  }

  private forgetDir(rel: string): void {
    const under = `${rel}/`;
    for (const [d, w] of this.dirs) {
      if (d === rel || d.startsWith(under)) {
        w.close();
        this.dirs.delete(d);
      }
    }
    for (const f of this.files.keys()) if (f.startsWith(under)) this.files.delete(f);
  }

  private countBurst(): void {
    this.burstEvents++;
    if (this.burstTimer) this.burstTimer.refresh();
    else {
      this.burstTimer = setTimeout(() => {
        this.burstTimer = null;
        const big = this.burstEvents >= RECONCILE_AFTER_EVENTS;
        this.burstEvents = 0;
        if (big) void this.reconcileAll();
      }, BURST_QUIET_MS);
    }
  }

  private async reconcileAll(): Promise<void> {
    if (this.reconciling || this.closed) return;
    this.reconciling = true;
    try {
      // Grouped once: looking up each folder's recorded entries must not cost a pass over all of them.
      const recorded = await this.recordedChildren();
      // A quiet folder is listed when its batch ends.
      for (const d of [...this.dirs.keys()]) if (!this.quiet.has(d)) await this.reconcileDir(d, recorded.get(d) ?? []);
    } finally {
      this.reconciling = false;
    }
  }

  /** Every recorded file and watched folder, by the folder it sits in; in time slices (100,000 pairs are 200,000 files). */
  private async recordedChildren(): Promise<Map<string, string[]>> {
    const byDir = new Map<string, string[]>();
    const add = (p: string) => {
      const dir = dirOf(p);
      const list = byDir.get(dir);
      if (list) list.push(p);
      else byDir.set(dir, [p]);
    };
    await forEachSliced([...this.files.keys()], add);
    for (const d of this.dirs.keys()) if (d !== '') add(d);
    return byDir;
  }

  /**
   * Lists one folder and queues every entry whose stamp differs from the one recorded, every new
   * entry and every recorded one (`recorded`: files and folders directly in it) that is gone:
   * whatever events were lost, the settle pass reports.
   */
  private async reconcileDir(rel: string, recorded: readonly string[], isOurs?: (relPath: string, st: fs.Stats) => boolean): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(this.abs(rel), { withFileTypes: true });
    } catch {
      return; // gone: the parent's listing or event reports it
    }
    if (this.closed) return;
    // In slices throughout: a folder of 100,000 pairs is 200,000 entries, and requests keep being answered.
    const listed = new Set<string>();
    const files: string[] = [];
    await forEachSliced(entries, (ent) => {
      if (this.closed) return;
      const child = join(rel, ent.name);
      if (!this.accepts(child)) return;
      listed.add(child);
      if (ent.isDirectory()) {
        if (!this.dirs.has(child)) this.queue(child);
      } else if (!this.files.has(child)) this.queue(child);
      else files.push(child);
    });
    await forEachSliced(files, (f) => {
      if (this.closed) return;
      const st = lstatOrNull(this.abs(f));
      if (st && stampOf(st) === this.files.get(f)) return;
      if (st && isOurs?.(f, st)) this.files.set(f, stampOf(st));
      else this.queue(f);
    });
    await forEachSliced(recorded, (p) => {
      if (!this.closed && !listed.has(p)) this.queue(p);
    });
  }
}

const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);
const dirOf = (rel: string): string => rel.slice(0, Math.max(0, rel.lastIndexOf('/')));

function isGone(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Synchronous, run in time slices (forEachSliced): a cached lstat costs microseconds, its promise
 * (thread pool, callback) ten times more, and a folder's 20,000 files are stated at every start.
 */
function lstatOrNull(abs: string): fs.Stats | null {
  try {
    return fs.lstatSync(abs);
  } catch {
    return null;
  }
}

