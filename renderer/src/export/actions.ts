import type { StoreApi } from 'zustand';
import type { AppError, Result } from '../../../shared/result.ts';
import type { ExportRequest, ExportResult, TrainerConfigs, TrainerOptions } from '../../../shared/trainers/types.ts';
import type { Store } from '../store/types.ts';
import { storeRequest } from '../store/request.ts';

/* The export dialog's two requests, over the store's transport; every failure is an error envelope. */

export const fetchConfigs = (store: StoreApi<Store>, options: TrainerOptions): Promise<Result<TrainerConfigs, AppError>> =>
  storeRequest(store, 'trainer.configs', { options });

/** Exports what is on disk: pending caption edits are saved first. */
export async function runExport(store: StoreApi<Store>, request: ExportRequest): Promise<Result<ExportResult, AppError>> {
  await store.getState().flushDrafts();
  return storeRequest(store, 'export.run', request);
}
