import fs from 'node:fs';
import { isErrno } from './errno.ts';

// O_NOFOLLOW makes opening a symlinked caption fail with ELOOP instead of reading (and later
// replacing) whatever it points to. It does not exist on Windows, where 0 keeps the plain open.
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export interface ReadResult {
  /** Bytes of the file: a view into the reader's buffer, valid only until its next read. */
  bytes: Uint8Array;
  mode: number;
  mtimeMs: number;
  /** What a later write may compare instead of reading again (see FileStamp). */
  stamp: FileStamp;
}

/**
 * A file's identity and timestamps when it was read, and when that read began. A write may trust an
 * unchanged stamp instead of re-reading the file only under the racy-clean rule (isTrustworthyStamp).
 */
export interface FileStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Date.now() taken before the file was opened. */
  readAtMs: number;
}

/**
 * File systems keep timestamps at a granularity of up to 2 s (FAT; 1 s on some NFS and HFS+), so a
 * file changed right after we read it can keep the mtime we saw. As git does for racily clean index
 * entries, a stamp proves nothing unless its mtime and ctime are older than the read by more than that.
 */
export const RACY_WINDOW_MS = 2000;

export function isTrustworthyStamp(s: FileStamp): boolean {
  return s.mtimeMs < s.readAtMs - RACY_WINDOW_MS && s.ctimeMs < s.readAtMs - RACY_WINDOW_MS;
}

/** The file at absPath is, by its lstat, the very file the stamp was taken from, unchanged since. */
export function matchesStamp(st: fs.Stats, s: FileStamp): boolean {
  return st.isFile() && st.ino === s.ino && st.dev === s.dev && st.size === s.size && st.mtimeMs === s.mtimeMs && st.ctimeMs === s.ctimeMs;
}

/**
 * Reads whole small files with one open/fstat/read/close each, into one reused buffer (grown when
 * needed), so reading 100,000 captions allocates one buffer, not 100,000.
 * Synchronous on purpose, see forEachSliced. Returns null when the file does not exist.
 */
export class FileReader {
  private buf: Buffer;

  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  read(absPath: string): ReadResult | null {
    const readAtMs = Date.now();
    let fd: number;
    try {
      fd = fs.openSync(absPath, fs.constants.O_RDONLY | O_NOFOLLOW);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw Object.assign(new Error(`${absPath} is not a regular file`), { code: 'EISDIR' });
      // Ask for one byte more than fstat reported: a short read then proves we reached the end, and a
      // full one means the file grew meanwhile and we keep reading.
      let total = 0;
      let want = st.size + 1;
      for (;;) {
        if (this.buf.length < total + want) {
          const bigger = Buffer.allocUnsafe(Math.max(total + want, this.buf.length * 2));
          this.buf.copy(bigger, 0, 0, total);
          this.buf = bigger;
        }
        const n = fs.readSync(fd, this.buf, total, want, null);
        total += n;
        if (n < want) break;
        want = 64 * 1024;
      }
      const stamp = { dev: st.dev, ino: st.ino, size: total, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, readAtMs };
      // A file that grew or shrank while we read it is racing a writer: its stamp proves nothing.
      if (total !== st.size) stamp.readAtMs = -Infinity;
      return { bytes: this.buf.subarray(0, total), mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, stamp };
    } finally {
      fs.closeSync(fd);
    }
  }
}
