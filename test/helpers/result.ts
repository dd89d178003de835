import type { AppError, Result } from '../../shared/result.ts';

/** The value of a result the test expects to succeed (the error's kind and message otherwise). */
export function value<T>(r: Result<T, AppError>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

/** The error of a result the test expects to fail. */
export function failure<T>(r: Result<T, AppError>): AppError {
  if (r.ok) throw new Error('expected an error result');
  return r.error;
}
