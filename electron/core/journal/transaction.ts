import os from 'node:os';
import { FileReader } from '../fs/file-reader.ts';
import { forEachSliced, nextTurn } from '../fs/parallel.ts';
import { WorkerPool } from '../workers/pool.ts';
import type { JournalLimits, JournalStore } from './store.ts';
import { withSummary } from './store.ts';
import type { JournalEntry, JournalState, PendingMarker } from './types.ts';
import { classifyOne, writeOne, type FileTransition, type Classified, type WriteItem, type WriteOutcome } from './write-one.ts';
import type { WriteJob } from './write-worker.ts';

export { CHANGED_ELSEWHERE, type Classified, type FileTransition, type WriteItem } from './write-one.ts';

export interface Progress {
  done: number;
  total: number;
  phase: string;
}

/** How the settings file is named in conflict lists. */
export const SETTINGS_PATH = '.tagsmith/settings.json';

/**
 * Reads each file's current bytes and compares them with the encoded source and target texts.
 * Byte comparison, not text: a file that stopped being valid UTF-8 never equals either side.
 */
export async function classifyFiles(
  root: string,
  files: readonly FileTransition[],
  onProgress?: (p: Progress) => void,
): Promise<Classified[]> {
  const out = new Array<Classified>(files.length);
  const reader = new FileReader();
  await forEachSliced(files, (f, i) => (out[i] = classifyOne(root, reader, f)), {
    onSlice: (done) => onProgress?.({ done, total: files.length, phase: 'check' }),
  });
  return out;
}

export interface TransitionHooks {
  /** Called right after each file reaches its new content, before the event loop runs again. */
  onWritten?: (path: string, text: string | null, size: number, mtimeMs: number | null) => void;
  onProgress?: (p: Progress) => void;
  /**
   * Applies a settings patch durably (loads the current file, merges, saves). Returns why it could
   * not, instead of throwing: a throw here would leave the marker and block every later mutation.
   */
  applySettings: (patch: Record<string, unknown>) => Promise<string | null>;
}

export interface WriteOptions {
  /**
   * Check and write on worker threads as well as this one (a batch of at least PARALLEL_MIN_FILES).
   * Each file is still checked and replaced in one synchronous step, but onWritten then comes a chunk
   * later than the write: only for callers with no watcher that must recognise its own writes first.
   */
  parallel?: boolean;
  /** Worker threads besides this one (default: one per further core, at least one). */
  workerCount?: number;
  /**
   * With `parallel`: only worker threads write (one per core, at least two), this thread only hands
   * out chunks. For a process serving an editor: a single rename can block for most of a second
   * while the file system commits its journal, and requests must not wait behind it. The renames
   * of one folder are serialised by the kernel anyway, so this thread's lane adds little.
   */
  offMainThread?: boolean;
  /** Smallest batch worth starting workers for (default PARALLEL_MIN_FILES). */
  minFiles?: number;
  /**
   * Workers the caller started ahead (startWriteWorkers), so their start overlapped its own work (the
   * journal entry's write); used instead of new ones and left to the caller to close.
   */
  workers?: WriteWorkers | null;
}

export type WriteWorkers = WorkerPool<WriteJob, WriteOutcome[]>;

/** Below this many files a worker's start-up costs more than it saves. */
export const PARALLEL_MIN_FILES = 1000;
/** Files per job: small enough to keep every thread busy to the end, big enough to make messages cheap. */
const CHUNK = 250;

/** Whether writeFiles runs this batch on worker threads. A rename's order (create, then remove) is kept only by the serial path. */
function writesInParallel(items: readonly (WriteItem | FileTransition)[], opts: WriteOptions): boolean {
  return opts.parallel === true && items.length >= (opts.minFiles ?? PARALLEL_MIN_FILES) && !items.some((i) => 'requires' in i && i.requires !== undefined);
}

/** How many worker threads a parallel batch uses (WriteOptions.workerCount, offMainThread). */
function workerCountFor(opts: WriteOptions): number {
  const cores = os.availableParallelism();
  return opts.workerCount ?? (opts.offMainThread ? Math.max(2, cores) : Math.max(1, cores - 1));
}

function newWriteWorkers(opts: WriteOptions): WriteWorkers {
  return new WorkerPool<WriteJob, WriteOutcome[]>({
    entry: new URL('./write-worker.ts', import.meta.url),
    size: workerCountFor(opts),
    timeoutMs: 10 * 60_000,
    name: 'caption writes',
  });
}

/**
 * Starts the worker threads writeFiles will use for these items with these options, now (null when it
 * writes them on this thread): a worker takes ~0.1 s to start, which the caller's own work before the
 * writes (the journal entry, written and fsynced first) can hide. The caller passes them in
 * WriteOptions.workers and closes them when the transition is over.
 */
export function startWriteWorkers(items: readonly (WriteItem | FileTransition)[], opts: WriteOptions): WriteWorkers | null {
  if (!writesInParallel(items, opts)) return null;
  const pool = newWriteWorkers(opts);
  pool.warm();
  return pool;
}

/**
 * Writes each file after checking, in the same synchronous step, that it still holds its source
 * (writeOne). Returns the files not written, with the reason.
 */
export async function writeFiles(
  root: string,
  items: readonly WriteItem[],
  hooks: Pick<TransitionHooks, 'onWritten' | 'onProgress'>,
  opts: WriteOptions = {},
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const record = (item: WriteItem, o: WriteOutcome): void => {
    if (o.ok) hooks.onWritten?.(item.path, item.text, o.size, o.mtimeMs);
    else failed.set(item.path, o.reason);
  };
  if (writesInParallel(items, opts)) {
    await writeParallel(root, items, record, hooks.onProgress, opts);
    return failed;
  }
  const reader = new FileReader();
  const required = new Set(items.flatMap((i) => (i.requires === undefined ? [] : [i.requires])));
  const reached = new Set<string>();
  await forEachSliced(
    items,
    (item) => {
      if (item.requires !== undefined && !reached.has(item.requires)) {
        failed.set(item.path, `left as it is: ${item.requires} could not be written`);
        return;
      }
      const o = writeOne(root, reader, item);
      if (o.ok && required.has(item.path)) reached.add(item.path);
      record(item, o);
    },
    { onSlice: (done) => hooks.onProgress?.({ done, total: items.length, phase: 'write' }) },
  );
  return failed;
}

/**
 * Chunks of the batch go to `workers` worker threads and (withOwnLane) to this thread alike, whichever is free.
 * The threads overlap each file's check and temp write; the renames over old files (where ext4
 * starts the new file's write-back) are serialised per folder by the kernel, so that part does not
 * speed up. A chunk whose worker failed or crashed is done again here: writeOne is idempotent, so
 * files the worker reached count as written.
 */
async function writeParallel(
  root: string,
  items: readonly WriteItem[],
  record: (item: WriteItem, o: WriteOutcome) => void,
  onProgress: ((p: Progress) => void) | undefined,
  opts: WriteOptions,
): Promise<void> {
  const workers = workerCountFor(opts);
  const withOwnLane = !opts.offMainThread;
  const chunks: WriteItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  const reader = new FileReader();
  const pool = opts.workers ?? newWriteWorkers(opts);
  let next = 0;
  let done = 0;
  // Set when a lane fails (an onWritten hook threw): the others finish their chunk and take no more.
  let stopped = false;
  const finish = (chunk: WriteItem[], outcomes: readonly WriteOutcome[]): void => {
    chunk.forEach((item, i) => record(item, outcomes[i]!));
    done += chunk.length;
    onProgress?.({ done, total: items.length, phase: 'write' });
  };
  const here = async (chunk: WriteItem[]): Promise<WriteOutcome[]> => {
    const out = new Array<WriteOutcome>(chunk.length);
    await forEachSliced(chunk, (item, i) => (out[i] = writeOne(root, reader, item)));
    return out;
  };
  const workerLane = async (): Promise<void> => {
    while (!stopped && next < chunks.length) {
      const chunk = chunks[next++]!;
      const r = await pool.run({ root, items: chunk });
      finish(chunk, r.ok ? r.value : await here(chunk));
    }
  };
  // This thread's chunks run in time slices (forEachSliced), so the workers' answers get through.
  const ownLane = async (): Promise<void> => {
    while (!stopped && next < chunks.length) {
      const chunk = chunks[next++]!;
      finish(chunk, await here(chunk));
      await nextTurn();
    }
  };
  const guarded = (lane: () => Promise<void>) => lane().catch((e: unknown) => {
    stopped = true;
    throw e;
  });
  try {
    pool.warm();
    // allSettled: return (or throw) only once no lane is writing any more.
    const own = withOwnLane ? [guarded(ownLane)] : [];
    const lanes = await Promise.allSettled([...own, ...Array.from({ length: workers }, () => guarded(workerLane))]);
    const failure = lanes.find((l) => l.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    if (pool !== opts.workers) await pool.close();
  }
}

export interface TransitionArgs {
  root: string;
  store: JournalStore;
  limits: JournalLimits;
  hooks: TransitionHooks;
  state: JournalState;
  entry: JournalEntry;
  direction: PendingMarker['direction'];
  toWrite: readonly WriteItem[];
  /** Files already known not to transition (conflicts found by recovery): removed from the entry. */
  dropped?: ReadonlyMap<string, string>;
  /** False when the marker is already on disk (recovery). */
  writeMarker: boolean;
  /** How the files are written (writeFiles); default: on this thread. */
  writeOptions?: WriteOptions;
}

export interface TransitionResult {
  state: JournalState;
  entry: JournalEntry;
  written: number;
  conflicts: Array<{ path: string; reason: string }>;
}

/**
 * The part of every mutation after the entry exists: marker, files, (entry rewrite), settings,
 * state, marker removal. A crash anywhere in here leaves a marker, and recovery calls this again with
 * the files that still hold their source; the steps are idempotent.
 * Files that could not be written are removed from the entry before the marker goes, so journal and
 * disk agree: the entry then describes exactly the files that made the transition.
 */
export async function runTransition(a: TransitionArgs): Promise<TransitionResult> {
  const { store, entry, direction } = a;
  if (a.writeMarker) await store.writePending({ seq: entry.seq, direction });
  const failed = await writeFiles(a.root, a.toWrite, a.hooks, a.writeOptions ?? {});
  for (const [p, r] of a.dropped ?? []) failed.set(p, r);

  let finalEntry = entry;
  let state = a.state;
  if (failed.size > 0) {
    finalEntry = { ...entry, files: entry.files.filter((f) => !failed.has(f.path)) };
    state = withSummary(state, await store.writeEntry(finalEntry));
  } else if (!state.entries.some((e) => e.seq === entry.seq)) {
    throw new Error(`journal entry ${entry.seq} has no summary`);
  }
  if (finalEntry.settings) {
    const problem = await a.hooks.applySettings(direction === 'apply' ? finalEntry.settings.after : finalEntry.settings.before);
    if (problem) failed.set(SETTINGS_PATH, problem);
  }
  state = { ...state, head: direction === 'apply' ? entry.seq : entry.seq - 1, top: Math.max(state.top, entry.seq) };
  const pruned = store.prune(state, a.limits);
  await store.writeState(pruned.state);
  await store.clearPending();
  for (const seq of pruned.removed) await store.deleteEntry(seq);
  return {
    state: pruned.state,
    entry: finalEntry,
    written: a.toWrite.filter((w) => !failed.has(w.path)).length,
    conflicts: [...failed].map(([path, reason]) => ({ path, reason })),
  };
}
