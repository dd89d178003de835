import type { BatchPreview, BatchTarget, EditResult } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { TagOp } from '../../../shared/tags/index.ts';
import { useStore } from '../store/index.ts';
import { appliedMessage } from '../store/applied-message.ts';

/*
 * Batch requests shared by the multi-selection chips and the batch panel. Pending drafts are saved
 * first, so a batch never starts from text the user has already changed, and the store learns the
 * outcome right away instead of waiting for the backend's change event.
 */

function transportOrThrow() {
  const transport = useStore.getState().transport;
  if (!transport) throw new Error('not connected');
  return transport;
}

/** `createMissing`: also create captions for targeted images without one (an explicit choice). */
export async function previewBatch(target: BatchTarget, ops: TagOp[], createMissing = false): Promise<Result<BatchPreview, AppError>> {
  await useStore.getState().flushDrafts();
  return transportOrThrow().api['batch.preview']({ target, ops, createMissing });
}

/** Applies ops as ONE journal entry; returns the status message it also posts to the status bar. */
export async function applyBatch(
  target: BatchTarget,
  ops: TagOp[],
  label: string,
  opts: { triggerWords?: string[]; createMissing?: boolean } = {},
): Promise<Result<EditResult, AppError>> {
  const { triggerWords, createMissing = false } = opts;
  await useStore.getState().flushDrafts();
  const res = await transportOrThrow().api['batch.apply']({ target, ops, label, createMissing });
  const s = useStore.getState();
  if (!res.ok) {
    s.setMessage(`${label}: ${res.error.message}`);
    return res;
  }
  s.applyImages(res.value.images, [], 'edit');
  s.setHistory(res.value.history);
  // A trigger op also changes the dataset's trigger words (same journal entry); mirror it so chips pin them.
  if (triggerWords && s.info) s.setSettings({ ...s.info.settings, triggerWords });
  s.setMessage(`${label}: ${appliedMessage(res.value)}`);
  return res;
}

/**
 * An edit of images picked one by one (the selection's chips, quick tags, the tag review): like a
 * per-image action, an uncaptioned image gets its caption created. One batch, one undo step.
 */
export function applySelectionEdit(ids: string[], ops: TagOp[], label: string): Promise<Result<EditResult, AppError>> {
  return applyBatch({ kind: 'ids', ids }, ops, label, { createMissing: true });
}
