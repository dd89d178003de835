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
      return { bytes: this.buf.subarray(0, total), mode: st.mode & 0o7777, mtimeMs: st.mtimeMs };
    } finally {
      fs.closeSync(fd);
    }
  }
}
