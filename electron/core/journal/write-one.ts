import fs from 'node:fs';
import { removeFileIfExistsSync, writeFileAtomicSync } from '../fs/atomic-write.ts';
import { encodeCaption } from '../fs/decode.ts';
import { errnoMessage } from '../fs/errno.ts';
import type { FileReader, FileStamp, ReadResult } from '../fs/file-reader.ts';
import { isTrustworthyStamp, matchesStamp } from '../fs/file-reader.ts';
import { toAbsolute } from '../fs/inside-root.ts';

// The per-file step of a batch write, shared by the main thread and the write workers
// (write-worker.ts): no state beyond the caller's FileReader, nothing from the journal store.

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
  /** The file's stamp at this read (state 'source' only): a later write may pass it as WriteItem.known. */
  stamp?: FileStamp;
}

export const CHANGED_ELSEWHERE = 'changed on disk by another program';

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
  /**
   * The stamp of the file when `source` was read from it, if the caller knows it. When it is
   * trustworthy (racy-clean rule) and the file's lstat still matches it, the file is taken to hold
   * `source` without reading it again; otherwise it is re-read and compared, as without a stamp.
   */
  known?: FileStamp;
}

/** What became of one WriteItem: it reached its new content (written now or already), or not. */
export type WriteOutcome =
  | { ok: true; size: number; mtimeMs: number | null }
  | { ok: false; reason: string };

function holds(cur: ReadResult | null, want: string | null): boolean {
  if (want === null) return cur === null;
  return cur !== null && cur.bytes.length === Buffer.byteLength(want) && encodeCaption(want).equals(cur.bytes);
}

/**
 * Reads the file's current bytes and compares them with the encoded source and target texts.
 * Byte comparison, not text: a file that stopped being valid UTF-8 never equals either side.
 */
export function classifyOne(root: string, reader: FileReader, f: FileTransition): Classified {
  try {
    const cur = reader.read(toAbsolute(root, f.path));
    const mode = cur?.mode;
    if (holds(cur, f.source)) return cur === null ? { state: 'source' } : { state: 'source', mode, stamp: cur.stamp };
    if (holds(cur, f.target)) return { state: 'target', mode };
    return { state: 'other', mode, reason: CHANGED_ELSEWHERE };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { state: 'other', reason: code === 'ELOOP' ? 'is a symbolic link; not written' : `cannot read: ${errnoMessage(e)}` };
  }
}

/**
 * Whether the file provably still holds item.source, from one lstat instead of a read: same device,
 * inode, size, mtime and ctime as when source was read, with both timestamps older than that read by
 * more than any file system's timestamp granularity. Null when that cannot be proven (re-read then).
 */
export function unchangedByStamp(abs: string, item: WriteItem): Classified | null {
  const k = item.known;
  if (k === undefined || item.source === null || !isTrustworthyStamp(k) || Buffer.byteLength(item.source) !== k.size) return null;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return null;
  }
  return matchesStamp(st, k) ? { state: 'source', mode: st.mode & 0o7777 } : null;
}

/**
 * Writes one file after checking, in the same synchronous step, that it still holds its source:
 * the pre-check that built the entry may be a second old in a large batch, and another program may
 * have saved a caption since. The check also yields the mode to keep, so no separate stat.
 * Idempotent: a file that already holds its new text counts as written and is left alone.
 */
export function writeOne(root: string, reader: FileReader, item: WriteItem): WriteOutcome {
  const abs = toAbsolute(root, item.path);
  const c = unchangedByStamp(abs, item) ?? classifyOne(root, reader, { path: item.path, source: item.source, target: item.text });
  if (c.state === 'target') return { ok: true, size: item.text === null ? 0 : Buffer.byteLength(item.text), mtimeMs: null };
  if (c.state === 'other') return { ok: false, reason: c.reason ?? CHANGED_ELSEWHERE };
  try {
    if (item.text === null) {
      removeFileIfExistsSync(abs);
      return { ok: true, size: 0, mtimeMs: null };
    }
    // No fsync here: see the policy in atomic-write.ts. mode is undefined only for new files.
    const info = writeFileAtomicSync(abs, encodeCaption(item.text), { mode: c.mode });
    return { ok: true, size: info.size, mtimeMs: info.mtimeMs };
  } catch (e) {
    return { ok: false, reason: `cannot write: ${errnoMessage(e)}` };
  }
}
