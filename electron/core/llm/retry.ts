import { setTimeout as delay } from 'node:timers/promises';
import type { Result } from '../../../shared/result.ts';
import type { AttemptFailure } from './errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt, so up to retries + 1 requests. */
  retries: number;
  /** First backoff delay; doubles per retry. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A server asking for a longer pause than this gets this: a job should not sleep for an hour. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 30_000;
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RetryOutcome<T> {
  result: Result<T, AttemptFailure>;
  /** Attempts actually started. */
  attempts: number;
}

const CANCELLED: AttemptFailure = { kind: 'cancelled', message: 'cancelled', retry: 'never' };

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget is spent. Cancellation is checked
 * before every attempt and interrupts a backoff pause at once (the attempt itself must honour the
 * signal too; see attempt.ts).
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<Result<T, AttemptFailure>>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  random: () => number = Math.random,
): Promise<RetryOutcome<T>> {
  const maxAttempts = Math.max(0, Math.floor(policy.retries)) + 1;
  const retriedOnce = new Set<string>();
  for (let n = 1; ; n++) {
    if (signal?.aborted) return { result: { ok: false, error: CANCELLED }, attempts: n - 1 };
    const result = await attempt(n);
    if (result.ok) return { result, attempts: n };
    const failure = result.error;
    const exhausted = n >= maxAttempts || failure.retry === 'never' || (failure.retry === 'once' && retriedOnce.has(failure.kind));
    if (exhausted) return { result, attempts: n };
    if (failure.retry === 'once') retriedOnce.add(failure.kind);
    const wait = failure.retryAfterMs !== undefined
      ? Math.min(failure.retryAfterMs, policy.maxRetryAfterMs)
      : backoffDelay(n, policy, random);
    if (!(await pause(wait, signal))) return { result: { ok: false, error: CANCELLED }, attempts: n };
  }
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so parallel
 * requests that failed together (a server restart) do not all come back in the same millisecond.
 */
export function backoffDelay(failedAttempt: number, policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs'>, random: () => number = Math.random): number {
  const full = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (failedAttempt - 1));
  return full / 2 + (full / 2) * random();
}

/** False when cancelled during the pause. */
async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms` (OpenAI's), else `Retry-After` as
 * seconds or an HTTP date. Undefined when absent or unreadable, so the normal backoff applies.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms.trim());
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
