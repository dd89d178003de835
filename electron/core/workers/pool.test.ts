import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WorkerPool } from './pool.ts';
import type { WorkerPoolOptions } from './pool.ts';
import type { ScriptedRequest, ScriptedResponse } from './testing/scripted-worker.ts';
import { failure, value } from '../../../test/helpers/result.ts';

const SCRIPTED = new URL('./testing/scripted-worker.ts', import.meta.url);
const pools: WorkerPool<unknown, unknown>[] = [];

function makePool(opts: Partial<WorkerPoolOptions> = {}): WorkerPool<ScriptedRequest, ScriptedResponse> {
  const pool = new WorkerPool<ScriptedRequest, ScriptedResponse>({ entry: SCRIPTED, size: 2, timeoutMs: 20_000, name: 'test', ...opts });
  pools.push(pool as WorkerPool<unknown, unknown>);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkerPool', () => {
  it('runs a TypeScript entry and passes workerData through', async () => {
    const pool = makePool({ workerData: { answer: 42 } });
    expect(value(await pool.run({ op: 'echo', value: { nested: [1, 'two'] } })).value).toEqual({ nested: [1, 'two'] });
    expect(value(await pool.run({ op: 'worker-data' })).value).toEqual({ answer: 42 });
  });

  it('runs a plain .mjs entry without installing tsx', async () => {
    const pool = new WorkerPool<string, { plain: boolean; got: string }>({
      entry: new URL('./testing/plain-entry.mjs', import.meta.url),
      size: 1,
      timeoutMs: 20_000,
      name: 'plain',
    });
    pools.push(pool as WorkerPool<unknown, unknown>);
    expect(value(await pool.run('hi'))).toEqual({ plain: true, got: 'hi' });
  });

  it('serializes handler errors as {kind, message} and keeps the worker', async () => {
    const pool = makePool({ size: 1 });
    const first = value(await pool.run({ op: 'echo', value: 1 }));
    expect(failure(await pool.run({ op: 'fail', kind: 'corrupt-image', message: 'bad bytes' }))).toEqual({ kind: 'corrupt-image', message: 'bad bytes' });
    expect(failure(await pool.run({ op: 'fail', message: 'line one\n    at stack frame' }))).toEqual({ kind: 'worker-error', message: 'line one' });
    expect(failure(await pool.run({ op: 'throw-string' }))).toEqual({ kind: 'worker-error', message: 'a bare string' });
    expect(value(await pool.run({ op: 'echo', value: 2 })).threadId).toBe(first.threadId);
  });

  it('never runs more jobs at once than its size', async () => {
    const gauge = new Int32Array(new SharedArrayBuffer(8));
    const pool = makePool({ size: 2, workerData: { gauge } });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run({ op: 'sleep', ms: 300, value: i })));
    expect(results.map((r) => value(r).value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Atomics.load(gauge, 1)).toBe(2);
    expect(new Set(results.map((r) => value(r).threadId)).size).toBeLessThanOrEqual(2);
  });

  it('fails only the in-flight job of a worker that exits, then replaces it', async () => {
    const pool = makePool({ size: 2 });
    const [crashed, ...others] = await Promise.all([
      pool.run({ op: 'exit', code: 3 }),
      pool.run({ op: 'sleep', ms: 50, value: 'a' }),
      pool.run({ op: 'echo', value: 'b' }),
      pool.run({ op: 'echo', value: 'c' }),
    ]);
    expect(failure(crashed!)).toEqual({ kind: 'worker-crashed', message: 'test worker crashed: exit code 3' });
    expect(others.map((r) => value(r).value)).toEqual(['a', 'b', 'c']);
    expect(value(await pool.run({ op: 'echo', value: 'after' })).value).toBe('after');
  });

  it('reports an uncaught error in a worker as a crash of that job only', async () => {
    const pool = makePool({ size: 1 });
    const crashed = failure(await pool.run({ op: 'uncaught', message: 'async boom' }));
    expect(crashed.kind).toBe('worker-crashed');
    expect(crashed.message).toContain('async boom');
    expect(crashed.message).not.toContain('\n');
    expect(value(await pool.run({ op: 'echo', value: 'ok' })).value).toBe('ok');
  });

  it('survives a worker running out of memory', async () => {
    const pool = makePool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } });
    const [oom, next] = await Promise.all([pool.run({ op: 'oom' }), pool.run({ op: 'echo', value: 'next' })]);
    expect(failure(oom!).kind).toBe('worker-crashed');
    expect(value(next!).value).toBe('next');
  });

  it('times out a job that never answers, replaces the worker and runs the queue', async () => {
    const pool = makePool({ size: 1, timeoutMs: 2_000 });
    const before = value(await pool.run({ op: 'echo', value: 0 }));
    const [hung, queued] = await Promise.all([pool.run({ op: 'hang' }), pool.run({ op: 'echo', value: 'queued' })]);
    expect(failure(hung!)).toEqual({ kind: 'timeout', message: 'test job did not finish within 2000 ms' });
    const after = value(queued!);
    expect(after.value).toBe('queued');
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('warm() starts the workers before any job, and the first job finds one loaded', async () => {
    const pool = new WorkerPool<string, string>({ entry: new URL('./testing/slow-start-worker.ts', import.meta.url), size: 1, timeoutMs: 20_000, name: 'warm' });
    pools.push(pool as WorkerPool<unknown, unknown>);
    expect(pool.readyWorkers).toBe(0);
    pool.warm();
    pool.warm();
    // No job was sent, yet the worker loads its (slow) entry: the first job will find it ready.
    await vi.waitUntil(() => pool.readyWorkers === 1, { timeout: 30_000, interval: 50 });
    expect(value(await pool.run('x'))).toBe('started slowly: x');
    // warm() twice started one worker, not two (size 1).
    expect(pool.readyWorkers).toBe(1);
  });

  it('starts the job clock only once a slow-loading worker is ready', async () => {
    const pool = new WorkerPool<string, string>({ entry: new URL('./testing/slow-start-worker.ts', import.meta.url), size: 1, timeoutMs: 500, name: 'slow' });
    pools.push(pool as WorkerPool<unknown, unknown>);
    expect(value(await pool.run('x'))).toBe('started slowly: x');
  });

  it('fails the waiting job when a worker never becomes ready', async () => {
    const pool = new WorkerPool<string, string>({
      entry: new URL('./testing/never-ready-worker.ts', import.meta.url), size: 1, timeoutMs: 200, startupTimeoutMs: 1_000, name: 'stuck',
    });
    pools.push(pool as WorkerPool<unknown, unknown>);
    expect(failure(await pool.run('x'))).toEqual({ kind: 'timeout', message: 'stuck worker did not start within 1000 ms' });
  });

  it('close() fails running and queued jobs and refuses new ones', async () => {
    const pool = makePool({ size: 1 });
    const running = pool.run({ op: 'hang' });
    const queued = pool.run({ op: 'echo', value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.close();
    expect(failure(await running).kind).toBe('pool-closed');
    expect(failure(await queued).kind).toBe('pool-closed');
    expect(failure(await pool.run({ op: 'echo', value: 2 })).kind).toBe('pool-closed');
  });

  it('turns uncloneable requests and responses into errors without losing the worker', async () => {
    const pool = makePool({ size: 1 });
    const first = value(await pool.run({ op: 'echo', value: 1 }));
    const badRequest = { op: 'echo', value: () => 1 } as unknown as ScriptedRequest;
    expect(failure(await pool.run(badRequest)).kind).toBe('invalid-request');
    expect(failure(await pool.run({ op: 'unclonable' })).kind).toBe('unserializable-response');
    expect(value(await pool.run({ op: 'echo', value: 3 })).threadId).toBe(first.threadId);
  });

  it('moves transferred buffers in both directions', async () => {
    const pool = makePool({ size: 1 });
    const payload = new Uint8Array(1024);
    const res = value(await pool.run({ op: 'echo', value: payload }, [payload.buffer]));
    expect(payload.byteLength).toBe(0);
    expect((res.value as Uint8Array).byteLength).toBe(1024);
    const bytes = value(await pool.run({ op: 'bytes', length: 4096 })).bytes;
    expect(bytes?.byteLength).toBe(4096);
    expect(bytes?.[4095]).toBe(7);
  });

  it('fails each job once when the entry cannot load, without a restart loop', async () => {
    const pool = new WorkerPool<unknown, unknown>({ entry: new URL('./testing/broken-entry.ts', import.meta.url), size: 2, timeoutMs: 20_000, name: 'broken' });
    pools.push(pool);
    const results = await Promise.all([pool.run(1), pool.run(2), pool.run(3)]);
    for (const r of results) {
      expect(failure(r)).toEqual({ kind: 'worker-crashed', message: 'broken worker crashed: entry failed to load: native binding missing' });
    }
  });

  it('rejects nonsensical options up front', () => {
    expect(() => new WorkerPool({ entry: SCRIPTED, size: 0, timeoutMs: 1, name: 'x' })).toThrow(RangeError);
    expect(() => new WorkerPool({ entry: SCRIPTED, size: 1, timeoutMs: 0, name: 'x' })).toThrow(RangeError);
    expect(() => new WorkerPool({ entry: SCRIPTED, size: 1, timeoutMs: 1, startupTimeoutMs: -1, name: 'x' })).toThrow(RangeError);
  });

  it('works when the app itself runs under node --import tsx', async () => {
    const script = fileURLToPath(new URL('./testing/run-under-tsx.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual([
      { ok: true, value: 'a' },
      { ok: false, error: { kind: 'custom', message: 'nope' } },
    ]);
  });
});
