import fs from 'node:fs';
import type { AppError } from '../../../shared/result.ts';
import { decodeCaption } from '../fs/decode.ts';
import { errnoMessage } from '../fs/errno.ts';
import type { FileReader } from '../fs/file-reader.ts';
import { toAbsolute } from '../fs/inside-root.ts';
import type { TreeEvent } from '../watch/watch-tree.ts';
import type { CaptionIndex, CaptionState } from './caption-index.ts';
import { isImageName } from './scan.ts';

export interface ExternalChange {
  path: string;
  kind: 'changed' | 'added' | 'removed';
  target: 'caption' | 'image';
}

export type ReadOutcome = 'same' | 'changed' | 'added' | 'removed';

/** Reads one caption into the index; says how that differs from what the index held before. */
export function readCaptionInto(root: string, index: CaptionIndex, rel: string, reader: FileReader): ReadOutcome {
  const prev = index.caption(rel);
  const hadCaption = prev?.caption ?? null;
  const hadError = prev?.error;
  let caption: CaptionState | null = null;
  let error: AppError | undefined;
  try {
    const r = reader.read(toAbsolute(root, rel));
    if (r) {
      const text = decodeCaption(r.bytes);
      if (text.ok) caption = { text: text.value, size: r.bytes.length, mtimeMs: r.mtimeMs, stamp: r.stamp };
      else error = { kind: text.error.kind, message: `${rel}: ${text.error.message}` };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    error = code === 'ELOOP'
      ? { kind: 'symlink', message: `${rel} is a symbolic link; Tagsmith does not read or write it` }
      : { kind: 'io', message: `${rel}: cannot read (${errnoMessage(e)})` };
  }
  index.setCaption(rel, caption, error);
  if (!hadCaption && !hadError) return caption || error ? 'added' : 'same';
  if (!caption && !error) return 'removed';
  if (error) return hadError?.message === error.message ? 'same' : 'changed';
  return hadCaption !== null && hadCaption.text === caption!.text ? 'same' : 'changed';
}

/** The file on disk has the size and mtime the index recorded for it (our write, or our read). */
export function holdsKnownCaption(index: CaptionIndex, rel: string, st: fs.Stats): boolean {
  const held = index.caption(rel);
  if (!held?.caption || held.error) return false;
  return st.isFile() && st.size === held.caption.size && st.mtimeMs === held.caption.mtimeMs;
}

/**
 * Turns the watcher's file events into changes of the in-memory index, and reports those that came
 * from elsewhere. Our own writes are recognised without reading the file: every write is recorded in
 * the index with the size and mtime the writer saw (the journal's onWritten hook), so an event whose
 * file still has exactly that size and mtime is the echo of our write (or of a read we already hold).
 * Only a file whose stat differs is re-read. The residual blind spot is an in-place write by another
 * program of the same byte length within the same file-system timestamp tick as ours.
 */
export class ExternalChangeRecognizer {
  constructor(
    private readonly root: string,
    private readonly index: () => CaptionIndex,
    private readonly reader: FileReader,
    private readonly emit: (e: ExternalChange) => void,
  ) {}

  onTreeEvent(e: TreeEvent): void {
    const index = this.index();
    const rel = e.relPath;
    if (e.event === 'unlinkDir') {
      const gone = index.removeUnder(rel);
      for (const path of gone.images) this.emit({ path, kind: 'removed', target: 'image' });
      for (const path of gone.captions) this.emit({ path, kind: 'removed', target: 'caption' });
      return;
    }
    if (isImageName(rel.slice(rel.lastIndexOf('/') + 1))) {
      if (e.event === 'unlink') {
        if (index.removeImage(rel)) this.emit({ path: rel, kind: 'removed', target: 'image' });
        return;
      }
      const rec = index.addImage(rel);
      if (!rec) {
        // Known already: its content changed (in place, or replaced by a rename).
        this.emit({ path: rel, kind: 'changed', target: 'image' });
        return;
      }
      // Its caption may have arrived with it without an event yet: read it before announcing.
      this.check(index, rec.captionRelPath, false);
      this.emit({ path: rel, kind: 'added', target: 'image' });
      return;
    }
    if (!index.isCaptionPath(rel)) return;
    if (e.event !== 'unlink' && this.isKnown(index, rel, e.stats)) return;
    this.check(index, rel, true);
  }

  private isKnown(index: CaptionIndex, rel: string, stats: fs.Stats | undefined): boolean {
    let st = stats;
    if (!st) {
      try {
        st = fs.lstatSync(toAbsolute(this.root, rel));
      } catch {
        return false;
      }
    }
    return holdsKnownCaption(index, rel, st);
  }

  private check(index: CaptionIndex, rel: string, report: boolean): void {
    const change = readCaptionInto(this.root, index, rel, this.reader);
    if (report && change !== 'same') this.emit({ path: rel, kind: change, target: 'caption' });
  }
}
