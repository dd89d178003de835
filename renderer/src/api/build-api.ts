import { CHANNELS, type Api, type Channel } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';

export type RawCall = (channel: Channel, request: unknown) => Promise<Result<unknown, AppError>>;

/**
 * The typed `Api` over one untyped pipe. The cast is the single place where types are asserted: the
 * backend validates every request against the same contract, and both ends are built from it.
 */
export function buildApi(call: RawCall): Api {
  const api: Partial<Record<Channel, (request: unknown) => Promise<Result<unknown, AppError>>>> = {};
  for (const channel of CHANNELS) api[channel] = (request) => call(channel, request);
  return api as unknown as Api;
}
