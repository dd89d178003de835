import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { CAPTION_EXTENSIONS } from '../../../shared/settings.ts';
import { isWellFormedText } from '../fs/decode.ts';
import { isInsideRoot, RealParentChecker, toAbsolute } from '../fs/inside-root.ts';
import { TimeSlices } from '../fs/parallel.ts';
import type { FileTransition } from '../journal/transaction.ts';
import { isHiddenRel } from '../watch/watch-tree.ts';
import type { CaptionIndex } from './caption-index.ts';
import type { Conflict } from './errors.ts';

// The checks a caller's caption paths and texts pass before anything is written: the paths an edit
// names come from a request (the editor, the web API), so each must be a caption file of this dataset.

export interface Change {
  captionRelPath: string;
  /** What the caller believes the file holds now; null: it does not exist. */
  before: string | null;
  /** null deletes the caption file. */
  after: string | null;
  /** Written only after this other file of the same edit was (a rename: the old name goes last). */
  requires?: string;
}

export interface PathRules {
  index: CaptionIndex;
  /** The dataset's caption extension, as the error message names it. */
  captionExtension: string;
  /**
   * Accept caption files of every caption extension, not only the dataset's: the trainer check's
   * fixes rename `.caption` files to `.txt` and touch files a trainer reads but Tagsmith does not pair.
   */
  anyCaptionExtension?: boolean;
}

/** Why `rel` is no caption file this dataset may write; null when it is one. */
export function captionPathProblem(root: string, rel: unknown, rules: PathRules): AppError | null {
  const any = rules.anyCaptionExtension ?? false;
  // A path the index holds came from our own scan or watcher, inside the root by construction: the
  // lexical check (two path resolutions, ~4 µs) is for paths nobody listed, a batch of 10,000 skips it.
  const listed = typeof rel === 'string' && rules.index.caption(rel) !== undefined;
  if (typeof rel !== 'string' || !(listed || isInsideRoot(root, rel)) || rel.includes('\\')) {
    return { kind: 'invalid-path', message: `${String(rel)} is not a relative path inside the dataset` };
  }
  if (isHiddenRel(rel)) return { kind: 'invalid-path', message: `${rel} is hidden; Tagsmith only writes caption files` };
  const isCaption = any ? CAPTION_EXTENSIONS.some((e) => rel.endsWith(e) && !rel.endsWith(`/${e}`) && rel !== e) : rules.index.isCaptionPath(rel);
  if (!isCaption) {
    const ext = any ? CAPTION_EXTENSIONS.join(' or ') : rules.captionExtension;
    return { kind: 'invalid-path', message: `${rel} is not a caption file (expected ${ext})` };
  }
  return null;
}

export interface CheckedChanges {
  /** The changes that write something, as transitions from `before` to `after`. */
  wanted: FileTransition[];
  /** Files known unreadable or unsafe (invalid UTF-8, a symlink): never rewritten, reported. */
  conflicts: Conflict[];
  /** For ordered changes (renames): file -> the earlier file it waits for. */
  requires: Map<string, string>;
}

/**
 * Checks every change of one edit: a caption path of this dataset, listed once, texts that are strings
 * UTF-8 can carry, `requires` naming an earlier file. Any failure refuses the whole edit. In time
 * slices: 100,000 changes take ~0.3 s, and the editor's other requests are answered meanwhile.
 */
export async function checkChanges(root: string, changes: readonly Change[], rules: PathRules): Promise<Result<CheckedChanges>> {
  const out: CheckedChanges = { wanted: [], conflicts: [], requires: new Map() };
  const seen = new Set<string>();
  const slices = new TimeSlices();
  for (const c of changes) {
    if (slices.due()) await slices.yield();
    const bad = captionPathProblem(root, c.captionRelPath, rules);
    if (bad) return err(bad);
    if (seen.has(c.captionRelPath)) return err({ kind: 'invalid-argument', message: `${c.captionRelPath} is listed twice in one edit` });
    seen.add(c.captionRelPath);
    for (const side of [c.before, c.after]) {
      if (side !== null && typeof side !== 'string') return err({ kind: 'invalid-argument', message: `${c.captionRelPath}: caption text must be a string or null` });
    }
    if (c.after !== null && !isWellFormedText(c.after)) {
      return err({ kind: 'invalid-argument', message: `${c.captionRelPath}: new text contains unpaired surrogates and cannot be written as UTF-8` });
    }
    if (c.before === c.after) continue;
    if (c.requires !== undefined) {
      if (!seen.has(c.requires) || c.requires === c.captionRelPath) return err({ kind: 'invalid-argument', message: `${c.captionRelPath}: requires ${c.requires}, which is not an earlier file of this edit` });
      out.requires.set(c.captionRelPath, c.requires);
    }
    const known = rules.index.caption(c.captionRelPath);
    if (known?.error) {
      out.conflicts.push({ path: c.captionRelPath, reason: `${known.error.message}; it is never rewritten` });
      continue;
    }
    out.wanted.push({ path: c.captionRelPath, source: c.before, target: c.after });
  }
  return ok(out);
}

/** The files whose folder is really inside the root; the others go to `blocked` (a symlinked folder pointing out). */
export async function insideParents(root: string, files: readonly FileTransition[], blocked: Conflict[]): Promise<FileTransition[]> {
  const checker = new RealParentChecker(root);
  const out: FileTransition[] = [];
  // The checker answers from its cache for all but a folder's first file: without slices, awaiting
  // those settled answers would hold the event loop for the whole batch.
  const slices = new TimeSlices();
  for (const f of files) {
    if (slices.due()) await slices.yield();
    const why = await checker.check(toAbsolute(root, f.path));
    if (why) blocked.push({ path: f.path, reason: why });
    else out.push(f);
  }
  return out;
}
