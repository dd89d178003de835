import { removeFileIfExistsSync, writeFileAtomicSync } from '../fs/atomic-write.ts';
import { encodeCaption } from '../fs/decode.ts';
import { errnoMessage } from '../fs/errno.ts';
import type { ReadResult } from '../fs/file-reader.ts';
import { FileReader } from '../fs/file-reader.ts';
import { toAbsolute } from '../fs/inside-root.ts';
import { forEachSliced } from '../fs/parallel.ts';
import type { JournalLimits, JournalStore } from './store.ts';
import { withSummary } from './store.ts';
import type { JournalEntry, JournalState, PendingMarker } from './types.ts';

export interface Progress {
  done: number;
  total: number;
  phase: string;
}

export interface FileTransition {
  path: string;
  source: string | null;
  target: string | null;
}

export interface Classified {
  /** source: holds what we expect to replace; target: already holds the result; other: anything else. */
  state: 'source' | 'target' | 'other';
  /** Permission bits of the existing file, so the rewrite keeps them without another stat. */
  mode?: number;
  reason?: string;
}

/** How the settings file is named in conflict lists. */
export const SETTINGS_PATH = '.tagsmith/settings.json';

export const CHANGED_ELSEWHERE = 'changed on disk by another program';

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

function holds(cur: ReadResult | null, want: string | null): boolean {
  if (want === null) return cur === null;
  return cur !== null && cur.bytes.length === Buffer.byteLength(want) && encodeCaption(want).equals(cur.bytes);
}

function classifyOne(root: string, reader: FileReader, f: FileTransition): Classified {
  try {
    const cur = reader.read(toAbsolute(root, f.path));
    const mode = cur?.mode;
    if (holds(cur, f.source)) return { state: 'source', mode };
    if (holds(cur, f.target)) return { state: 'target', mode };
    return { state: 'other', mode, reason: CHANGED_ELSEWHERE };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { state: 'other', reason: code === 'ELOOP' ? 'is a symbolic link; not written' : `cannot read: ${errnoMessage(e)}` };
  }
}

export interface WriteItem {
  path: string;
  /** What the file must still hold right before it is replaced (null: must not exist). */
  source: string | null;
  text: string | null;
  /**
   * Written only once this earlier path of the same batch reached its new content. A rename is a
   * create then a remove: the old file must not go when its new name could not be written.
   */
  requires?: string;
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

/**
 * Writes each file after checking, in the same synchronous step, that it still holds its source:
 * the pre-check that built the entry may be a second old in a large batch, and another program may
 * have saved a caption since. The re-read also yields the mode to keep, so no separate stat.
 * Returns the files not written, with the reason.
 */
export async function writeFiles(
  root: string,
  items: readonly WriteItem[],
  hooks: Pick<TransitionHooks, 'onWritten' | 'onProgress'>,
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
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
      const c = classifyOne(root, reader, { path: item.path, source: item.source, target: item.text });
      if (c.state === 'target') {
        if (required.has(item.path)) reached.add(item.path);
        hooks.onWritten?.(item.path, item.text, item.text === null ? 0 : Buffer.byteLength(item.text), null);
        return;
      }
      if (c.state === 'other') {
        failed.set(item.path, c.reason ?? CHANGED_ELSEWHERE);
        return;
      }
      const abs = toAbsolute(root, item.path);
      try {
        if (item.text === null) {
          removeFileIfExistsSync(abs);
          hooks.onWritten?.(item.path, null, 0, null);
        } else {
          // No fsync here: see the policy in atomic-write.ts. mode is undefined only for new files.
          const info = writeFileAtomicSync(abs, encodeCaption(item.text), { mode: c.mode });
          hooks.onWritten?.(item.path, item.text, info.size, info.mtimeMs);
        }
        if (required.has(item.path)) reached.add(item.path);
      } catch (e) {
        failed.set(item.path, `cannot write: ${errnoMessage(e)}`);
      }
    },
    { onSlice: (done) => hooks.onProgress?.({ done, total: items.length, phase: 'write' }) },
  );
  return failed;
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
  const failed = await writeFiles(a.root, a.toWrite, a.hooks);
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
