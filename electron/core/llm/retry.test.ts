import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.ts';
import type { AttemptFailure } from './errors.ts';
import { backoffDelay, parseRetryAfter, withRetries } from './retry.ts';
import type { RetryPolicy } from './retry.ts';

const POLICY: RetryPolicy = { retries: 3, backoffMs: 1, maxBackoffMs: 30_000, maxRetryAfterMs: 60_000 };
const fail = (over: Partial<AttemptFailure> = {}): Result<never, AttemptFailure> => ({
  ok: false,
  error: { kind: 'server-error', message: 'HTTP 500', retry: 'always', ...over },
});

/** An attempt function answering from a list, counting calls. */
function scripted<T>(answers: Result<T, AttemptFailure>[]) {
  const calls: number[] = [];
  return {
    calls,
    run: async (n: number) => {
      calls.push(n);
      return answers[Math.min(n, answers.length) - 1]!;
    },
  };
}

describe('withRetries', () => {
  it('returns the first success and how many attempts it took', async () => {
    const s = scripted([fail(), fail(), { ok: true, value: 'caption' }]);
    expect(await withRetries(s.run, POLICY)).toEqual({ result: { ok: true, value: 'caption' }, attempts: 3 });
    expect(s.calls).toEqual([1, 2, 3]);
  });

  it('makes retries + 1 attempts at most', async () => {
    const s = scripted([fail()]);
    const out = await withRetries(s.run, { ...POLICY, retries: 2 });
    expect(out.attempts).toBe(3);
    expect(out.result).toEqual(fail());
  });

  it('makes one attempt when retries is 0', async () => {
    const s = scripted([fail()]);
    expect((await withRetries(s.run, { ...POLICY, retries: 0 })).attempts).toBe(1);
  });

  it('never retries a final failure', async () => {
    const s = scripted([fail({ kind: 'auth', retry: 'never' })]);
    expect((await withRetries(s.run, POLICY)).attempts).toBe(1);
  });

  it('retries a "once" failure exactly once', async () => {
    const s = scripted([fail({ kind: 'malformed', retry: 'once' })]);
    expect((await withRetries(s.run, POLICY)).attempts).toBe(2);
  });

  it('still retries other failures after a "once" retry was used', async () => {
    const s = scripted([fail({ kind: 'malformed', retry: 'once' }), fail(), fail(), { ok: true, value: 'x' }]);
    expect(await withRetries(s.run, POLICY)).toEqual({ result: { ok: true, value: 'x' }, attempts: 4 });
  });

  it('waits what Retry-After asks instead of the backoff', async () => {
    // With an hour of backoff, only the server's 0 ms lets this finish.
    const s = scripted([fail({ kind: 'rate-limited', retryAfterMs: 0 }), { ok: true, value: 'x' }]);
    expect((await withRetries(s.run, { ...POLICY, backoffMs: 3_600_000, maxBackoffMs: 3_600_000 })).attempts).toBe(2);
  }, 10_000);

  it('caps what Retry-After asks', async () => {
    const s = scripted([fail({ kind: 'rate-limited', retryAfterMs: 3_600_000 }), { ok: true, value: 'x' }]);
    expect((await withRetries(s.run, { ...POLICY, maxRetryAfterMs: 1 })).attempts).toBe(2);
  }, 10_000);

  it('is cancelled during a backoff pause and makes no further attempt', async () => {
    const controller = new AbortController();
    const s = scripted([fail()]);
    const pending = withRetries(async (n) => {
      const r = await s.run(n);
      setTimeout(() => controller.abort(), 10);
      return r;
    }, { ...POLICY, backoffMs: 3_600_000 }, controller.signal);
    const out = await pending;
    expect(out.attempts).toBe(1);
    expect(out.result).toEqual({ ok: false, error: { kind: 'cancelled', message: 'cancelled', retry: 'never' } });
    expect(s.calls).toEqual([1]);
  }, 10_000);

  it('makes no attempt when cancelled before the start', async () => {
    const s = scripted([{ ok: true, value: 'x' }]);
    const out = await withRetries(s.run, POLICY, AbortSignal.abort());
    expect(out.attempts).toBe(0);
    expect(out.result.ok).toBe(false);
    expect(s.calls).toEqual([]);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt within [half, full] of the nominal delay, capped', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, base, r) => {
        const nominal = Math.min(30_000, base * 2 ** (attempt - 1));
        const d = backoffDelay(attempt, { backoffMs: base, maxBackoffMs: 30_000 }, () => r);
        expect(d).toBeGreaterThanOrEqual(nominal / 2);
        expect(d).toBeLessThanOrEqual(nominal);
      },
    ));
  });

  it('grows exponentially', () => {
    const policy = { backoffMs: 1000, maxBackoffMs: 30_000 };
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});

describe('parseRetryAfter', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('reads seconds', () => expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000));
  it('reads zero', () => expect(parseRetryAfter(headers({ 'retry-after': '0' }))).toBe(0));
  it('prefers retry-after-ms', () => expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250));
  it('reads an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
  });
  it('treats a past date as now', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2020 00:00:00 GMT' }), Date.parse('2025-01-01T00:00:00Z'))).toBe(0);
  });
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
