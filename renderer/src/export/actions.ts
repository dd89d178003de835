import type { StoreApi } from 'zustand';
import type { Api, Channel, RequestOf, ResponseOf } from '../../../shared/contract/index.ts';
import { err, type AppError, type Result } from '../../../shared/result.ts';
import type { ExportRequest, ExportResult, TrainerConfigs, TrainerOptions } from '../../../shared/trainers/types.ts';
import type { Store } from '../store/types.ts';

/* The export dialog's two requests, over the store's transport; every failure is an error envelope. */

async function call<C extends Channel>(store: StoreApi<Store>, channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>, AppError>> {
  const transport = store.getState().transport;
  if (!transport) return err({ kind: 'not-connected', message: 'No connection to the backend.' });
  const send: Api[C] = transport.api[channel];
  try {
    return await send(request);
  } catch (e) {
    return err({ kind: 'internal', message: e instanceof Error ? e.message : String(e) });
  }
}

export const fetchConfigs = (store: StoreApi<Store>, options: TrainerOptions): Promise<Result<TrainerConfigs, AppError>> =>
  call(store, 'trainer.configs', { options });

/** Exports what is on disk: pending caption edits are saved first. */
export async function runExport(store: StoreApi<Store>, request: ExportRequest): Promise<Result<ExportResult, AppError>> {
  await store.getState().flushDrafts();
  return call(store, 'export.run', request);
}
