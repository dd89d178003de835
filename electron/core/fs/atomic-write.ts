import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isErrno } from './errno.ts';
import { nodeCrypto, workerThreads } from './lazy-builtins.ts';

/*
 * fsync policy (why a 10,000-file batch costs three fsyncs, not 10,000):
 * - Journal files (entry, pending marker, state) are written with { fsync: true }: the temp file is
 *   fsynced before the rename and the folder after it. The entry holds before AND after of every
 *   file of the batch and is durable before the first caption is touched.
 * - Caption files are written without fsync. A process crash (SIGKILL, exception) cannot tear a
 *   renamed file: rename is atomic, so each caption is entirely old or entirely new, and the pending
 *   marker tells the next open to finish the batch. After a power loss the durable entry and marker
 *   let the next open rewrite every file of the batch. That the marker's removal reaches the disk
 *   only after the caption renames relies on the file system committing metadata in order (ext4
 *   data=ordered with auto_da_alloc on rename-over, APFS and NTFS do).
 */

let counter = 0;
// Worked out at the first temp name, not at start (see lazy-builtins.ts).
let host: string | undefined;
let writer: string | undefined;

/**
 * This machine, in temp names: several machines may write into one dataset on a network share
 * (sharded runs), and a pid only means something on the machine that has it. 8 hex digits of a hash
 * of the host name: short, and nothing of the name itself is written into the user's folder.
 */
export function thisHost(): string {
  host ??= nodeCrypto().createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
  return host;
}

/** Who writes, in temp names: worker threads share the pid and count on their own, so their thread id keeps the names apart. */
function writerTag(): string {
  if (writer === undefined) {
    const { threadId } = workerThreads();
    writer = threadId === 0 ? `${process.pid}` : `${process.pid}-${threadId}`;
  }
  return writer;
}

/** Hidden and ending in .tmp, so neither our scan nor a trainer (kohya, OneTrainer, ai-toolkit) sees it. */
export function tempPathFor(absPath: string): string {
  const dir = path.dirname(absPath);
  // Keep the temp name under the 255-byte name limit whatever the target's length.
  let base = path.basename(absPath).slice(0, 60);
  if (/[\uD800-\uDBFF]$/.test(base)) base = base.slice(0, -1);
  counter = (counter + 1) % 1_000_000_000;
  return path.join(dir, `.${base}.tagsmith-h${thisHost()}-${writerTag()}-${counter}.tmp`);
}

/** Matches names produced by tempPathFor (and by versions before the host was in the name). */
export const TEMP_NAME_RE = /^\..*\.tagsmith-(?:h([0-9a-f]{8})-)?(\d+)(?:-\d+)?-\d+\.tmp$/s;

/** Who wrote a temp file: its machine (null: a name from before hosts were recorded) and process. */
export interface TempWriter {
  host: string | null;
  pid: number;
}

export function tempWriterOf(name: string): TempWriter | null {
  const m = TEMP_NAME_RE.exec(name);
  return m ? { host: m[1] ?? null, pid: Number(m[2]) } : null;
}

export interface AtomicWriteOptions {
  /** Mode for the file. When absent the existing file's mode is kept (one stat), else the default. */
  mode?: number;
  /** fsync the temp file before the rename and the folder after it (journal files only, see policy). */
  fsync?: boolean;
}

export interface WriteInfo {
  size: number;
  mtimeMs: number;
}

function existingMode(absPath: string): number | undefined {
  try {
    return fs.statSync(absPath).mode & 0o7777;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return undefined;
    throw e;
  }
}

/**
 * Temp file in the same folder, then rename over the target. Synchronous: it is the per-caption
 * primitive of batch writes, driven in time slices by forEachSliced (see there for why).
 * Returns the written size and mtime (from an fstat of the open descriptor, no extra path lookup).
 */
export function writeFileAtomicSync(absPath: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): WriteInfo {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const mode = opts.mode ?? existingMode(absPath);
  const tmp = tempPathFor(absPath);
  // 'wx': never clobber anything that happens to have the temp name.
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
  let mtimeMs: number;
  try {
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      const st = fs.fstatSync(fd);
      mtimeMs = st.mtimeMs;
      // open() applies the umask, so only a chmod really keeps e.g. 0664 or 0600; skipped when the
      // umask already produced the wanted mode, which is the usual case.
      if (mode !== undefined && (st.mode & 0o7777) !== mode) fs.fchmodSync(fd, mode);
      if (opts.fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, absPath);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already gone, or the folder itself vanished
    }
    throw e;
  }
  if (opts.fsync) fsyncDirSync(path.dirname(absPath));
  return { size: bytes.length, mtimeMs };
}

/**
 * The same protocol without blocking: for the few, possibly slow (fsynced), journal and settings
 * writes. `data` may come in pieces (strings, written as UTF-8 one after the other).
 */
export async function writeFileAtomic(absPath: string, data: string | Uint8Array | Iterable<string>, opts: AtomicWriteOptions = {}): Promise<WriteInfo> {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let mode = opts.mode;
  if (mode === undefined) {
    try {
      mode = (await fs.promises.stat(absPath)).mode & 0o7777;
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
    }
  }
  const tmp = tempPathFor(absPath);
  const fh = await fs.promises.open(tmp, 'wx', mode ?? 0o666);
  let mtimeMs: number;
  let size = 0;
  try {
    try {
      if (body instanceof Uint8Array) {
        await fh.writeFile(body);
        size = body.length;
      } else {
        // Piece by piece, each encoded as it is written: a 40 MB journal entry encoded at once would
        // hold the event loop for most of a second.
        for (const piece of body) {
          const chunk = Buffer.from(piece, 'utf8');
          await fh.write(chunk);
          size += chunk.length;
        }
      }
      const st = await fh.stat();
      mtimeMs = st.mtimeMs;
      if (mode !== undefined && (st.mode & 0o7777) !== mode) await fh.chmod(mode);
      if (opts.fsync) await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, absPath);
  } catch (e) {
    await fs.promises.unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (opts.fsync) await fsyncDir(path.dirname(absPath));
  return { size, mtimeMs };
}

/** Makes a rename or unlink in `dir` durable. Windows cannot open folders for fsync; NTFS journals them. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Returns whether a file was removed. */
export async function removeFileIfExists(absPath: string): Promise<boolean> {
  try {
    await fs.promises.unlink(absPath);
    return true;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
}

export function removeFileIfExistsSync(absPath: string): boolean {
  try {
    fs.unlinkSync(absPath);
    return true;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
}
