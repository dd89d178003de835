import type { Result } from '../../../shared/result.ts';
import { formatDuration } from './errors.ts';
import type { AttemptFailure } from './errors.ts';

const CANCELLED: AttemptFailure = { kind: 'cancelled', message: 'cancelled', retry: 'never' };

export interface AttemptOptions {
  timeoutMs: number;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Turns whatever the library threw into a failure; called only when neither timeout nor cancel fired. */
  classify(thrown: unknown): AttemptFailure;
}

/**
 * One request with its own deadline. `run` gets a signal that fires on timeout or cancellation, but
 * the answer is not left to the library: this races the request against that signal, so a client
 * that ignores it still cannot keep the caller waiting. Which of the two fired decides the kind,
 * whatever error the library chose to throw for the abort.
 */
export async function runAttempt<T>(run: (signal: AbortSignal) => Promise<T>, opts: AttemptOptions): Promise<Result<T, AttemptFailure>> {
  if (opts.signal?.aborted) return { ok: false, error: CANCELLED };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, opts.timeoutMs);
  const onCancel = () => controller.abort(new Error('cancelled'));
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  let stop: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = () => reject(controller.signal.reason);
    if (controller.signal.aborted) stop();
    else controller.signal.addEventListener('abort', stop, { once: true });
  });
  // The race's loser may reject later; it has been dealt with.
  stopped.catch(() => {});
  try {
    return { ok: true, value: await Promise.race([run(controller.signal), stopped]) };
  } catch (thrown) {
    if (opts.signal?.aborted) return { ok: false, error: CANCELLED };
    if (timedOut) return { ok: false, error: { kind: 'timeout', message: `no answer within ${formatDuration(opts.timeoutMs)}`, retry: 'always' } };
    return { ok: false, error: opts.classify(thrown) };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
    if (stop) controller.signal.removeEventListener('abort', stop);
  }
}
