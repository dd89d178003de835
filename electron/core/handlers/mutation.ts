import type { EditResult } from '../../../shared/contract/models.ts';
import type { Result } from '../../../shared/result.ts';
import type { ApplyResult, Dataset, MutationError } from '../dataset/dataset.ts';
import { CaptionSnapshot, imagesOfCaptions, toImageItem } from '../session/image-items.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';
import { historyInfo } from './history-info.ts';

/**
 * Runs one journaled mutation and tells everyone: the caller gets an EditResult, every client gets
 * images.changed (source 'edit') and history.changed. Which images changed is read off the index
 * (before vs after), so undo and redo need not know which files their entry holds.
 * `tried`: caption paths the mutation aimed at, reported in the result even when left unchanged.
 */
export async function runMutation(
  session: Session,
  run: (dataset: Dataset) => Promise<Result<ApplyResult, MutationError>>,
  tried: Iterable<string> = [],
): Promise<EditResult> {
  const dataset = session.dataset();
  const before = new CaptionSnapshot(dataset);
  const settingsBefore = JSON.stringify(dataset.settings());
  const outcome = unwrap(await run(dataset));
  const { changed, removed } = before.diff(dataset);
  const aimed = new Set(tried);
  for (const c of outcome.conflicts) aimed.add(c.path);
  const records = new Set([...changed, ...imagesOfCaptions(dataset, aimed)]);
  const history = historyInfo(dataset);
  if (changed.length > 0 || removed.length > 0) {
    session.emit('images.changed', { images: changed.map(toImageItem), removed, source: 'edit' });
  }
  session.emit('history.changed', history);
  // Trigger words ride in journal entries, so an edit, undo or redo can change settings too.
  if (JSON.stringify(dataset.settings()) !== settingsBefore) session.emit('settings.changed', dataset.settings());
  return {
    entry: outcome.entry,
    written: outcome.written,
    conflicts: outcome.conflicts,
    images: [...records].map(toImageItem),
    history,
  };
}
