import { parseCaption } from '../caption/index.ts';
import type { CaptionDoc } from '../caption/types.ts';
import { isTriggerOnly } from '../tags/tag-key.ts';
import type { MergeMode } from './config.ts';

/*
 * Which images an auto-caption job takes. One rule for the job (electron/core/autocaption/job.ts) and
 * for the count the dialog shows before it starts (renderer/src/autocaption/useJobCounts.ts), so
 * "7 images" in the dialog is 7 images in the job (test/autocaption-skip-count.test.ts holds them to it).
 */

/**
 * Whether an image still needs a caption: no caption file, a file with only white space, or a line 1
 * holding the dataset's trigger words and nothing else (a caption that trains the word on nothing).
 * `doc` null: no caption file.
 */
export function needsCaption(doc: CaptionDoc | null, triggerWords: readonly string[]): boolean {
  if (doc === null) return true;
  if ((doc.layout.line + doc.layout.rest).trim() === '') return true;
  return isTriggerOnly(doc, triggerWords);
}

/** Skip mode takes only images that need a caption; append and replace take every image in scope. */
export const jobTakes = (mode: MergeMode, doc: CaptionDoc | null, triggerWords: readonly string[]): boolean =>
  mode !== 'skip' || needsCaption(doc, triggerWords);

/** The captions as a job started now reads them: the renderer saves unsaved edits (drafts) before a job starts. */
export interface CaptionSource {
  /** Parsed caption file by image id; null: no caption file. */
  docs: Readonly<Record<string, CaptionDoc | null>>;
  drafts: Readonly<Record<string, { readonly text: string } | undefined>>;
}

export interface JobCount {
  /** Images in the scope. */
  inScope: number;
  /** Images the job would caption under the merge mode. */
  toCaption: number;
}

function docFor(s: CaptionSource, id: string): CaptionDoc | null {
  const draft = s.drafts[id];
  return draft ? parseCaption(draft.text) : (s.docs[id] ?? null);
}

/** How many of `ids` a job in `mode` would caption. */
export function countJob(ids: readonly string[], s: CaptionSource, mode: MergeMode, triggerWords: readonly string[]): JobCount {
  if (mode !== 'skip') return { inScope: ids.length, toCaption: ids.length };
  let toCaption = 0;
  for (const id of ids) if (jobTakes(mode, docFor(s, id), triggerWords)) toCaption++;
  return { inScope: ids.length, toCaption };
}
