/** Results cross every boundary (core -> CLI, later IPC/HTTP) as envelopes so errors keep kind and message. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export interface AppError {
  /** Stable machine-readable kind, e.g. 'conflict', 'invalid-utf8', 'query-syntax', 'not-found'. */
  kind: string;
  /** One human line, no stack. */
  message: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
