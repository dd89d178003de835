import { HandlerError } from '../../../shared/contract/api.ts';
import type { AppError, Result } from '../../../shared/result.ts';

/** Throws a core error as a HandlerError, keeping its kind; messages cross the boundary as one line. */
export function fail(error: AppError): never {
  throw new HandlerError(error.kind, oneLine(error.message));
}

export function unwrap<T>(result: Result<T, AppError>): T {
  if (!result.ok) fail(result.error);
  return result.value;
}

export const oneLine = (message: string): string => message.split(/\r?\n/, 1)[0] ?? '';
