import { compileQuery, formatQueryError } from '../../../shared/query/index.ts';
import { isUncaptioned, tagFrequencies, triggerWordsAfter, type BatchItem, type OpContext } from '../../../shared/tags/index.ts';
import type { TagOp } from '../../../shared/tags/ops.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { Change, Dataset, ImageRecord } from '../dataset/dataset.ts';
import { forEachSliced } from '../fs/parallel.ts';
import { editableImages, type EditableImage } from './items.ts';
import { defaultPlanner, type BatchPlanner } from './planner.ts';

export interface EditRequest {
  /** Query from shared/query; empty means every image. */
  filter?: string;
  /** Only these images (relative paths), intersected with the filter; an unknown one fails the plan. */
  ids?: readonly string[];
  ops: readonly TagOp[];
  /** Also edit (create) the captions of images that have none; see BatchOptions. */
  createMissing?: boolean;
}

export interface PlannedChange extends Change {
  imageRelPath: string;
}

export interface EditPlan {
  /** Images the filter selected. */
  selected: number;
  /** Of those, images without a caption (no file or a blank line 1): left alone unless createMissing. */
  uncaptioned: number;
  changes: PlannedChange[];
  /** Files the plan must not touch (e.g. not valid UTF-8), with the reason. */
  refused: Array<{ path: string; reason: string }>;
  /** Trigger words after the ops ran (a `trigger` op adds to the dataset's list). */
  triggerWords: string[];
  triggerWordsChanged: boolean;
}

export function selectImages(images: readonly EditableImage[], filter: string | undefined, triggerWords: readonly string[] = []): Result<EditableImage[]> {
  const compiled = compileQuery(filter ?? '', { triggerWords });
  if (!compiled.ok) {
    return err({ kind: 'query-syntax', message: formatQueryError(filter ?? '', compiled.error) });
  }
  return ok(images.filter((image) => compiled.value(image.query)));
}

/**
 * The images a filter and/or id list picks, in dataset order. Parsing every caption is only needed to
 * filter; a plain request over the whole dataset returns the records as they are.
 */
export function targetRecords(
  dataset: Dataset,
  request: Pick<EditRequest, 'filter' | 'ids'>,
  /** Already parsed (a caller that needs them anyway), so they are not parsed twice. */
  parsed?: readonly EditableImage[],
): Result<readonly ImageRecord[]> {
  let records: readonly ImageRecord[] = dataset.images();
  if ((request.filter ?? '').trim() !== '') {
    const selected = selectImages(parsed ?? editableImages(dataset), request.filter, dataset.settings().triggerWords);
    if (!selected.ok) return selected;
    records = selected.value.map((image) => image.record);
  }
  if (request.ids) {
    const picked = pickIds(dataset.images(), request.ids);
    if (!picked.ok) return picked;
    records = records.filter((record) => picked.value.has(record.relPath));
  }
  return ok(records);
}

/**
 * Computes a batch edit without writing anything: the same plan serves --dry-run, the UI preview and
 * the apply. A big plan runs on the planner's worker, within its time budget.
 */
export async function planEdit(dataset: Dataset, request: EditRequest, planner: BatchPlanner = defaultPlanner()): Promise<Result<EditPlan>> {
  const settings = dataset.settings();
  // Parsing every caption is only needed to filter or to count tags; a plain batch over the whole
  // dataset leaves parsing to planBatch, which skips captions a literal op cannot touch.
  const byFrequency = request.ops.some((op) => op.op === 'sort' && op.by === 'freq');
  const parsed = byFrequency ? editableImages(dataset) : undefined;
  const targets = targetRecords(dataset, request, parsed);
  if (!targets.ok) return targets;
  const records = targets.value;
  // "Sort by frequency" means dataset frequency, not frequency within the selection.
  const frequencies = parsed ? tagFrequencies(parsed.flatMap((image) => (image.doc ? [image.doc] : []))) : new Map<string, number>();
  const ctx: OpContext = { triggerWords: settings.triggerWords, frequencies, separator: settings.separator };

  const refused: EditPlan['refused'] = [];
  // Images sharing one caption file (`a.png` + `a.jpg` -> `a.txt`): the file is edited once.
  const byCaption = new Map<string, ImageRecord>();
  const items: BatchItem[] = [];
  let uncaptioned = 0;
  // The loops over every caption run in time slices: at 100,000 captions each holds the editor's
  // main thread for tens of milliseconds.
  await forEachSliced(records, (record) => {
    if (record.captionError) {
      refused.push({ path: record.captionRelPath, reason: record.captionError.message });
      return;
    }
    if (byCaption.has(record.captionRelPath)) return;
    byCaption.set(record.captionRelPath, record);
    const text = record.caption?.text ?? null;
    items.push({ id: record.captionRelPath, text });
    if (isUncaptioned(text)) uncaptioned++;
  });
  const planned = await planner.plan({ items, ops: request.ops, ctx, opts: { createMissing: request.createMissing } });
  if (!planned.ok) return planned;
  const changes: PlannedChange[] = [];
  await forEachSliced(planned.value, (change) => {
    changes.push({ captionRelPath: change.id, imageRelPath: byCaption.get(change.id)!.relPath, before: change.before, after: change.after });
  });
  const triggerWords = triggerWordsAfter(request.ops, settings.triggerWords);
  const triggerWordsChanged = triggerWords.join('\u0000') !== settings.triggerWords.join('\u0000');
  return ok({ selected: records.length, uncaptioned, changes, refused, triggerWords, triggerWordsChanged });
}

function pickIds(images: readonly ImageRecord[], ids: readonly string[]): Result<Set<string>> {
  const wanted = new Set(ids);
  const known = new Set<string>();
  for (const image of images) if (wanted.has(image.relPath)) known.add(image.relPath);
  if (known.size === wanted.size) return ok(known);
  const missing = [...wanted].filter((id) => !known.has(id));
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  return err({ kind: 'not-found', message: `no such image: ${missing.slice(0, 3).join(', ')}${more}` });
}
