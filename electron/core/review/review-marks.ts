import fs from 'node:fs';
import path from 'node:path';
import * as z from '../../../shared/schema/zod-mini.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { errnoLine, isErrno } from '../fs/errno.ts';
import { readJsonFile } from '../fs/json-file.ts';
import { TAGSMITH_DIR } from '../settings/settings.ts';

/*
 * Review marks: the images a person has looked at and passed, by image id (path relative to the
 * root), in <root>/.tagsmith/review.json. Marks of images that are gone stay in the file (the image
 * may come back, e.g. after a move out and back in); callers report only images that exist.
 * A file that cannot be read or does not validate starts the marks empty and is never overwritten:
 * setting a mark is refused until the person fixes or removes it, as with settings.json.
 */

export const reviewPath = (root: string): string => path.join(root, TAGSMITH_DIR, 'review.json');

const ReviewFileSchema = z.looseObject({
  version: z.literal(1),
  reviewed: z.array(z.string()),
});

interface FileState {
  marks: Set<string>;
  /** Keys a later version wrote beside the marks: written back as they were. */
  extra: Record<string, unknown>;
  /** Identity of the file as last read or written (null: absent), to notice another process's writes. */
  stamp: string | null;
}

export interface ReviewUpdate {
  /** Ids whose mark this call changed. */
  changed: string[];
  /**
   * Marks another process (a second Tagsmith on the same folder) changed in the file since it was
   * last read; they are taken over, and the caller announces them like its own.
   */
  outside: { marked: string[]; unmarked: string[] };
}

export class ReviewMarks {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private state: FileState,
    private problemValue: AppError | null,
  ) {}

  /** Never fails: a bad file gives empty marks and a problem (see problem()). */
  static async load(root: string): Promise<ReviewMarks> {
    const file = reviewPath(root);
    const read = await readMarks(file);
    return read.ok ? new ReviewMarks(file, read.value, null) : new ReviewMarks(file, { marks: new Set(), extra: {}, stamp: null }, read.error);
  }

  /** Why the file could not be used when last read (marks are not saved until it is fixed), else null. */
  problem(): AppError | null {
    return this.problemValue;
  }

  has(id: string): boolean {
    return this.state.marks.has(id);
  }

  /** Every marked id, including images that no longer exist. */
  all(): ReadonlySet<string> {
    return this.state.marks;
  }

  /**
   * Marks (or unmarks) ids and saves, one call after another. Refused, with nothing written, while
   * the file is invalid: defaults must never replace what a person may still recover.
   */
  set(ids: readonly string[], reviewed: boolean): Promise<Result<ReviewUpdate, AppError>> {
    const run = this.queue.then(() => this.setNow(ids, reviewed));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async setNow(ids: readonly string[], reviewed: boolean): Promise<Result<ReviewUpdate, AppError>> {
    const outside = { marked: [] as string[], unmarked: [] as string[] };
    try {
      // Another Tagsmith on this folder may have saved since: start from its file, not over it.
      if (this.problemValue || (await stampOf(this.file)) !== this.state.stamp) {
        const read = await readMarks(this.file);
        if (!read.ok) {
          this.problemValue = read.error;
          return err(read.error);
        }
        const before = this.state.marks;
        for (const id of read.value.marks) if (!before.has(id)) outside.marked.push(id);
        for (const id of before) if (!read.value.marks.has(id)) outside.unmarked.push(id);
        this.state = read.value;
        this.problemValue = null;
      }
      const changed = [...new Set(ids)].filter((id) => this.state.marks.has(id) !== reviewed);
      if (changed.length === 0) return ok({ changed, outside });
      const marks = new Set(this.state.marks);
      for (const id of changed) {
        if (reviewed) marks.add(id);
        else marks.delete(id);
      }
      const stamp = await writeMarks(this.file, marks, this.state.extra);
      this.state = { ...this.state, marks, stamp };
      return ok({ changed, outside });
    } catch (e) {
      return err({ kind: 'io', message: `cannot save ${this.file}: ${errnoLine(e)}` });
    }
  }
}

async function readMarks(file: string): Promise<Result<FileState, AppError>> {
  let stamp: string | null;
  try {
    // The stamp first: a write landing between the two makes the next set() read again, never miss it.
    stamp = await stampOf(file);
  } catch (e) {
    return err(invalid(`cannot read ${file}: ${errnoLine(e)}`));
  }
  const read = await readJsonFile(file, ReviewFileSchema);
  switch (read.state) {
    case 'missing':
      return ok({ marks: new Set(), extra: {}, stamp: null });
    case 'invalid':
      return err(invalid(read.message));
    case 'ok': {
      const { version: _version, reviewed, ...extra } = read.value;
      return ok({ marks: new Set(reviewed), extra, stamp });
    }
  }
}

const invalid = (message: string): AppError => ({
  kind: 'invalid-review',
  message: `${message} (review marks are not saved until it is fixed or removed)`,
});

async function writeMarks(file: string, marks: ReadonlySet<string>, extra: Record<string, unknown>): Promise<string | null> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // Sorted, so the file diffs well when a dataset (with its .tagsmith) is kept in version control.
  const reviewed = [...marks].sort();
  await writeFileAtomic(file, `${JSON.stringify({ version: 1, ...extra, reviewed }, null, 2)}\n`, { fsync: true });
  return stampOf(file);
}

/** Inode, size and mtime: an atomic write by anyone gives a new file, so a change never hides. */
async function stampOf(file: string): Promise<string | null> {
  try {
    const st = await fs.promises.stat(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
}
