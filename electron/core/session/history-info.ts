import type { HistoryInfo } from '../../../shared/contract/models.ts';
import type { Dataset } from '../dataset/dataset.ts';

export function historyInfo(dataset: Dataset): HistoryInfo {
  const { entries, head } = dataset.history();
  return {
    entries,
    head,
    canUndo: head > 0 && entries.some((e) => e.seq === head),
    canRedo: entries.some((e) => e.seq === head + 1),
  };
}
