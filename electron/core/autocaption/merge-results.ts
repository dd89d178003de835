import type { MergeMode } from '../../../shared/autocaption/config.ts';
import { mergeCaption } from '../../../shared/autocaption/merge.ts';
import { needsCaption } from '../../../shared/autocaption/needs-caption.ts';
import { parseCaption } from '../../../shared/caption/index.ts';
import type { Change, Dataset } from '../dataset/dataset.ts';
import type { ImageResult } from './record.ts';

export interface MergedResults {
  changes: Change[];
  /** Caption path -> the image whose result it carries, to name a conflict by its image. */
  imageOf: Map<string, string>;
  /** Results that would change nothing (e.g. append with no new tag). */
  unchanged: number;
  /** Results that cannot be written, with the reason. */
  refused: Array<{ id: string; message: string }>;
}

/**
 * Turns finished results into caption changes against the captions as they are now (not as they were
 * when the job started), so an edit made meanwhile is merged with, never written over blindly; the
 * dataset's write still refuses any file that changes between this read and its write.
 */
export function mergeResults(
  dataset: Dataset,
  ids: readonly string[],
  results: Readonly<Record<string, ImageResult>>,
  mode: MergeMode,
): MergedResults {
  const { triggerWords, separator } = dataset.settings();
  const out: MergedResults = { changes: [], imageOf: new Map(), unchanged: 0, refused: [] };
  for (const id of ids) {
    const r = results[id];
    if (!r) continue;
    const rec = dataset.image(id);
    if (!rec) {
      out.refused.push({ id, message: `${id} is no longer in the dataset` });
      continue;
    }
    if (rec.captionError) {
      out.refused.push({ id, message: rec.captionError.message });
      continue;
    }
    // Two images sharing one caption file (a.png + a.jpg -> a.txt): the first one's result is written.
    if (out.imageOf.has(rec.captionRelPath)) continue;
    out.imageOf.set(rec.captionRelPath, id);
    const before = rec.caption?.text ?? null;
    // Skip mode captions a caption that holds only the trigger words (needs-caption.ts) as if it had
    // none: line 1 is written anew, trigger words first; lines after it are kept, as in every mode.
    const effective = mode === 'skip' && before !== null && needsCaption(parseCaption(before), triggerWords) ? 'replace' : mode;
    const after = mergeCaption(before, { tags: r.tags ?? [], sentences: r.sentences ?? '' }, { mode: effective, triggerWords, separator });
    if (after === null || after === before) out.unchanged++;
    else out.changes.push({ captionRelPath: rec.captionRelPath, before, after });
  }
  return out;
}
