import type { Api, Channel, RequestOf, ResponseOf, Transport } from '../../../shared/contract/index.ts';
import { err, type AppError, type Result } from '../../../shared/result.ts';

/**
 * One backend request through the store's transport, as an envelope whatever happens: no transport
 * yet, or a transport that throws, become errors like any other, so every caller has one error path.
 */
export async function request<C extends Channel>(transport: Transport | null, channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>, AppError>> {
  if (!transport) return err({ kind: 'not-connected', message: 'No connection to the backend.' });
  const send: Api[C] = transport.api[channel];
  try {
    return await send(payload);
  } catch (e) {
    return err({ kind: 'internal', message: e instanceof Error ? e.message : String(e) });
  }
}

/** request() through the transport a store holds (module-level actions take the store). */
export const storeRequest = <C extends Channel>(
  store: { getState(): { transport: Transport | null } },
  channel: C,
  payload: RequestOf<C>,
): Promise<Result<ResponseOf<C>, AppError>> => request(store.getState().transport, channel, payload);
