import { describe, expect, it } from 'vitest';
import { runAttempt } from './attempt.ts';
import type { AttemptFailure } from './errors.ts';

const classify = (thrown: unknown): AttemptFailure => ({ kind: 'network', message: String(thrown), retry: 'always' });
/** A request that ignores its signal and never settles: the attempt must not wait for it. */
const deaf = () => new Promise<string>(() => {});

describe('runAttempt', () => {
  it('returns the value', async () => {
    expect(await runAttempt(async () => 'ok', { timeoutMs: 1000, classify })).toEqual({ ok: true, value: 'ok' });
  });

  it('classifies what the request threw', async () => {
    const result = await runAttempt(async () => {
      throw new Error('boom');
    }, { timeoutMs: 1000, classify });
    expect(result).toEqual({ ok: false, error: { kind: 'network', message: 'Error: boom', retry: 'always' } });
  });

  it('times out a request that ignores its signal', async () => {
    const result = await runAttempt(deaf, { timeoutMs: 20, classify });
    expect(result).toEqual({ ok: false, error: { kind: 'timeout', message: 'no answer within 20 ms', retry: 'always' } });
  }, 10_000);

  it('aborts the signal it hands out on timeout', async () => {
    let seen: AbortSignal | undefined;
    await runAttempt(async (signal) => {
      seen = signal;
      return deaf();
    }, { timeoutMs: 20, classify });
    expect(seen?.aborted).toBe(true);
  }, 10_000);

  it('is cancelled by the caller, whatever the library throws for it', async () => {
    const controller = new AbortController();
    const pending = runAttempt(deaf, { timeoutMs: 600_000, signal: controller.signal, classify });
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: { kind: 'cancelled', message: 'cancelled', retry: 'never' } });
  }, 10_000);

  it('does not start work for an already cancelled caller', async () => {
    let started = false;
    const result = await runAttempt(async () => {
      started = true;
      return 'x';
    }, { timeoutMs: 1000, signal: AbortSignal.abort(), classify });
    expect(started).toBe(false);
    expect(result).toEqual({ ok: false, error: { kind: 'cancelled', message: 'cancelled', retry: 'never' } });
  });

  it('leaves no listener on a long-lived caller signal', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => { added++; add(...args); }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => { removed++; remove(...args); }) as typeof remove;
    for (let i = 0; i < 5; i++) await runAttempt(async () => 'x', { timeoutMs: 1000, signal, classify });
    expect(added).toBe(5);
    expect(removed).toBe(5);
  });
});
