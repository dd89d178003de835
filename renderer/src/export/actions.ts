import type { StoreApi } from 'zustand';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { ExportRequest, ExportResult, TrainerConfigs, TrainerOptions } from '../../../shared/trainers/types.ts';
import type { Store } from '../store/types.ts';
import { request } from '../api/request.ts';

/* The export dialog's two requests, over the store's transport; every failure is an error envelope. */

const call = <C extends Channel>(store: StoreApi<Store>, channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>, AppError>> =>
  request(store.getState().transport, channel, payload);

export const fetchConfigs = (store: StoreApi<Store>, options: TrainerOptions): Promise<Result<TrainerConfigs, AppError>> =>
  call(store, 'trainer.configs', { options });

/** Exports what is on disk: pending caption edits are saved first. */
export async function runExport(store: StoreApi<Store>, request: ExportRequest): Promise<Result<ExportResult, AppError>> {
  await store.getState().flushDrafts();
  return call(store, 'export.run', request);
}
