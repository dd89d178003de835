import { ok, type Result } from '../../../shared/result.ts';
import type { ApplyResult, Dataset, Progress } from '../dataset/dataset.ts';
import { planEdit, type EditPlan, type EditRequest } from './plan.ts';
import type { BatchPlanner } from './planner.ts';

export interface EditOutcome extends ApplyResult {
  plan: EditPlan;
}

/** Plans and applies a batch edit as one journal entry (trigger-word settings ride in the same entry). */
export async function applyEdit(
  dataset: Dataset,
  request: EditRequest & { label: string; onProgress?: (p: Progress) => void },
  planner?: BatchPlanner,
): Promise<Result<EditOutcome>> {
  const plan = await planEdit(dataset, request, planner);
  if (!plan.ok) return plan;
  const settingsPatch = plan.value.triggerWordsChanged ? { triggerWords: plan.value.triggerWords } : undefined;

  if (plan.value.changes.length === 0) {
    // Nothing to write, but `--trigger` still records the dataset's trigger word.
    if (settingsPatch) await dataset.updateSettings(settingsPatch);
    return ok({ plan: plan.value, entry: null, written: 0, conflicts: [] });
  }
  const result = await dataset.applyChanges(
    request.label,
    plan.value.changes.map(({ captionRelPath, before, after }) => ({ captionRelPath, before, after })),
    { ops: request.ops, settings: settingsPatch, onProgress: request.onProgress },
  );
  if (!result.ok) return result;
  return ok({ ...result.value, plan: plan.value });
}
