import { afterEach, describe, expect, it } from 'vitest';
import { planBatch, type BatchItem, type OpContext, type TagOp } from '../../../shared/tags/index.ts';
import { BatchPlanner, PLAN_DEFAULTS } from './planner.ts';

const ctx: OpContext = { triggerWords: ['ohwx'], frequencies: new Map(), separator: ', ' };
const items = (n: number, text: (i: number) => string | null): BatchItem[] => Array.from({ length: n }, (_, i) => ({ id: `${i}.txt`, text: text(i) }));

const planners: BatchPlanner[] = [];
const planner = (opts: ConstructorParameters<typeof BatchPlanner>[0] = {}): BatchPlanner => {
  const p = new BatchPlanner(opts);
  planners.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(planners.splice(0).map((p) => p.close()));
});

/**
 * Linear in the text on RE2, but heavy: some 30 ms per caption here. Each caption is past the
 * 10,000-character line, so even a few of them are planned on the worker.
 */
const HEAVY: TagOp[] = [{ op: 'replaceText', find: '(.*a){20}', replace: 'x', regex: true, caseSensitive: true }];
const heavyItems = (n: number): BatchItem[] => items(n, (i) => `tag ${i}, ${'ab '.repeat(4_000)}`);

describe('BatchPlanner', () => {
  it('plans on this thread, in slices, unless a caption is past 10,000 characters', () => {
    const p = planner();
    expect(PLAN_DEFAULTS).toMatchObject({ maxInlineChars: 10_000 });
    expect(p.offThread(items(100_000, () => 'a'))).toBe(false);
    expect(p.offThread(items(3, (i) => (i === 1 ? 'a'.repeat(10_000) : null)))).toBe(false);
    expect(p.offThread(items(3, (i) => (i === 1 ? 'a'.repeat(10_001) : null)))).toBe(true);
  });

  it('gives the same answer on this thread and on the worker', async () => {
    const big = items(2_500, (i) => (i % 7 === 0 ? null : `1girl, long_hair, tag${i % 13}. She sits, smiling ${i}.`));
    // One caption past the limit sends the whole plan to the worker.
    const withLong = [...big, { id: 'long.txt', text: `1girl, ${'long_hair, '.repeat(1_100)}` }];
    const ops: TagOp[] = [
      { op: 'trigger', words: ['ohwx'] },
      { op: 'replaceText', find: '(\\w+)_(\\w+)', replace: '$2 $1', regex: true, caseSensitive: false },
      { op: 'remove', tags: ['tag3'] },
    ];
    const p = planner();
    expect(p.offThread(withLong)).toBe(true);
    const onWorker = await p.plan({ items: withLong, ops, ctx });
    expect(onWorker).toEqual({ ok: true, value: planBatch(withLong, ops, ctx) });
    expect(onWorker.ok && onWorker.value.length).toBeGreaterThan(2_000);
    expect(await p.plan({ items: big, ops, ctx })).toEqual({ ok: true, value: planBatch(big, ops, ctx) });
  });

  it('stops a plan on this thread at the budget too, between slices', async () => {
    // Just under the worker's limit, so planned here; some 20 ms each on RE2.
    const heavyShort = items(2_000, (i) => `tag ${i}, ${'ab '.repeat(3_300)}`);
    const p = planner({ budgetMs: 300 });
    expect(p.offThread(heavyShort)).toBe(false);
    const started = Date.now();
    expect(await p.plan({ items: heavyShort, ops: HEAVY, ctx })).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'The batch over 2000 captions took longer than 0.3 s and was stopped; nothing was written' },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('lets other work in between its slices while it plans on this thread', async () => {
    const many = items(60_000, (i) => `1girl, long_hair, tag${i % 13}, red dress. She sits on a red chair, smiling ${i}.`);
    const p = planner();
    let timerFired = false;
    let firedBeforeDone = false;
    // Set after the plan started: it fires only if the plan lets the event loop in before it ends.
    const planned = p.plan({ items: many, ops: [{ op: 'replaceText', find: 'red', replace: 'blue', regex: false, caseSensitive: true }], ctx }).then((r) => {
      firedBeforeDone = timerFired;
      return r;
    });
    setTimeout(() => (timerFired = true), 0);
    const result = await planned;
    expect(result.ok && result.value.length).toBe(60_000);
    expect(firedBeforeDone).toBe(true);
  }, 30_000);

  it('stops a plan that outruns its budget with a clear error, then plans again', async () => {
    const p = planner({ budgetMs: 300 });
    const stopped = await p.plan({ items: heavyItems(300), ops: HEAVY, ctx });
    expect(stopped).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'The batch over 300 captions took longer than 0.3 s and was stopped; nothing was written' },
    });
    const small = items(1_200, (i) => `a${i}`);
    expect(await p.plan({ items: small, ops: [{ op: 'add', tags: ['b'], at: 'end' }], ctx })).toMatchObject({ ok: true, value: { length: 1_200 } });
  }, 30_000);

  it('leaves the main thread free while the worker plans', async () => {
    const p = planner();
    // Warm the worker, so what follows measures the plan and not the thread's start.
    await p.plan({ items: items(1_001, () => 'a'), ops: [{ op: 'dedupe' }], ctx });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksWhenDone = -1;
    const planned = p.plan({ items: heavyItems(25), ops: HEAVY, ctx }).then((r) => {
      ticksWhenDone = ticks;
      return r;
    });
    // A request that arrives after the plan started is answered before the plan ends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answeredAt = ticks;
    expect(ticksWhenDone).toBe(-1);
    const result = await planned;
    clearInterval(timer);
    expect(result.ok).toBe(true);
    expect(ticksWhenDone).toBeGreaterThan(answeredAt);
  }, 30_000);

  it('plans even a caption past the limit on the calling thread when told to (the CLI), with no worker to start', async () => {
    // A worker entry that does not exist: a plan that went to the worker would fail.
    const missing = new URL('./no-such-plan-worker.ts', import.meta.url);
    const p = planner({ onThisThread: true, workerEntry: missing });
    const big = items(2_500, (i) => `1girl, red dress, tag${i}. She sits on ${'a red chair '.repeat(i % 3 === 0 ? 1_000 : 1)}.`);
    expect(p.offThread(big)).toBe(false);
    const ops: TagOp[] = [{ op: 'replaceText', find: 'red', replace: 'blue', regex: false, caseSensitive: true }];
    expect(await p.plan({ items: big, ops, ctx })).toEqual({ ok: true, value: planBatch(big, ops, ctx) });
    // The same planner without the option sends this plan to its (missing) worker.
    expect((await planner({ workerEntry: missing }).plan({ items: big, ops, ctx })).ok).toBe(false);
  }, 30_000);
});
