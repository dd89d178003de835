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
  it('plans past 1,000 captions, or with a caption past 10,000 characters, off the main thread', () => {
    const p = planner();
    expect(PLAN_DEFAULTS).toMatchObject({ maxInlineCaptions: 1_000, maxInlineChars: 10_000 });
    expect(p.offThread(items(1_000, () => 'a'))).toBe(false);
    expect(p.offThread(items(1_001, () => 'a'))).toBe(true);
    expect(p.offThread(items(3, (i) => (i === 1 ? 'a'.repeat(10_000) : null)))).toBe(false);
    expect(p.offThread(items(3, (i) => (i === 1 ? 'a'.repeat(10_001) : null)))).toBe(true);
  });

  it('gives the worker the same answer the main thread gives', async () => {
    const big = items(2_500, (i) => (i % 7 === 0 ? null : `1girl, long_hair, tag${i % 13}. She sits, smiling ${i}.`));
    const ops: TagOp[] = [
      { op: 'trigger', words: ['ohwx'] },
      { op: 'replaceText', find: '(\\w+)_(\\w+)', replace: '$2 $1', regex: true, caseSensitive: false },
      { op: 'remove', tags: ['tag3'] },
    ];
    const onWorker = await planner().plan({ items: big, ops, ctx });
    expect(onWorker).toEqual({ ok: true, value: planBatch(big, ops, ctx) });
    expect(onWorker.ok && onWorker.value.length).toBeGreaterThan(2_000);
  });

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

  it('plans any size on the calling thread when told to (the CLI), with no worker to start', async () => {
    // A worker entry that does not exist: a plan that went off the thread would fail.
    const p = planner({ onThisThread: true, workerEntry: new URL('./no-such-plan-worker.ts', import.meta.url) });
    const big = items(2_500, (i) => `1girl, red dress, tag${i}. She sits on ${'a red chair '.repeat(i % 3 === 0 ? 1_000 : 1)}.`);
    expect(p.offThread(big)).toBe(false);
    const ops: TagOp[] = [{ op: 'replaceText', find: 'red', replace: 'blue', regex: false, caseSensitive: true }];
    expect(await p.plan({ items: big, ops, ctx })).toEqual({ ok: true, value: planBatch(big, ops, ctx) });
    // The same planner without the option sends this plan to its (missing) worker.
    const offThread = await planner({ workerEntry: new URL('./no-such-plan-worker.ts', import.meta.url) }).plan({ items: big, ops, ctx });
    expect(offThread.ok).toBe(false);
  }, 30_000);
});
