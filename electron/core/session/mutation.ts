import type { EditResult } from '../../../shared/contract/models.ts';
import { ok, type AppError, type Result } from '../../../shared/result.ts';
import type { ApplyResult, Dataset } from '../dataset/dataset.ts';
import { comparePaths } from '../dataset/path-order.ts';
import { describeRecovery } from '../journal/recover.ts';
import { historyInfo } from './history-info.ts';
import { imagesOfCaptions, toImageItem, TouchedCaptions } from './image-items.ts';
import type { Session } from './session.ts';

/**
 * Runs one journaled mutation and tells everyone: the caller gets an EditResult, every client gets
 * images.changed (source 'edit') and history.changed. Which images changed are those of the caption
 * files the dataset wrote meanwhile, so undo and redo need not know which files their entry holds,
 * and a one-caption save costs one caption, not a walk over every record.
 * `tried`: caption paths the mutation aimed at, reported in the result even when left unchanged.
 */
export async function announceMutation(
  session: Session,
  run: (dataset: Dataset) => Promise<Result<ApplyResult, AppError>>,
  tried: Iterable<string> = [],
): Promise<Result<EditResult & { outcome: ApplyResult }, AppError>> {
  const dataset = session.dataset();
  const before = new TouchedCaptions(dataset);
  const settingsBefore = JSON.stringify(dataset.settings());
  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    outcome = await run(dataset);
  } finally {
    before.close();
  }
  const finished = dataset.takeFinishedInterruption();
  if (finished) session.emit('notice', { level: 'info', message: describeRecovery(finished) });
  if (!outcome.ok) {
    // A mutation can fail after writing some files (disk full part-way): every client still sees
    // what is on disk now and the history as it stands, and hears why it stopped.
    const { changed, removed } = before.diff(dataset);
    if (changed.length > 0 || removed.length > 0) session.emit('images.changed', { images: changed.map(toImageItem), removed, source: 'edit' });
    if (changed.length > 0 || removed.length > 0 || finished) {
      session.emit('history.changed', historyInfo(dataset));
      session.emit('notice', { level: 'error', message: outcome.error.message });
    }
    return outcome;
  }
  const { changed, removed } = before.diff(dataset);
  const aimed = new Set(tried);
  for (const c of outcome.value.conflicts) aimed.add(c.path);
  const inChanged = new Set(changed);
  const extra = imagesOfCaptions(dataset, aimed).filter((r) => !inChanged.has(r));
  const records = extra.length === 0 ? changed : [...new Set([...changed, ...extra])].sort((a, b) => comparePaths(a.relPath, b.relPath));
  const history = historyInfo(dataset);
  // A mutation that wrote nothing (a conflict) announces nothing: a difference in the index is then
  // another program's change picked up meanwhile, which the watcher or the reload announces as such.
  const wrote = outcome.value.written > 0 || outcome.value.entry !== null || finished !== null;
  const changedItems = changed.map(toImageItem);
  if (wrote && (changed.length > 0 || removed.length > 0)) {
    session.emit('images.changed', { images: changedItems, removed, source: 'edit' });
  }
  if (wrote) session.emit('history.changed', history);
  // Trigger words ride in journal entries, so an edit, undo or redo can change settings too.
  if (JSON.stringify(dataset.settings()) !== settingsBefore) session.emit('settings.changed', dataset.settings());
  return ok({
    outcome: outcome.value,
    entry: outcome.value.entry,
    written: outcome.value.written,
    conflicts: outcome.value.conflicts,
    images: records === changed ? changedItems : records.map(toImageItem),
    history,
  });
}
