// Test-only worker entry: each request names the behaviour the pool has to survive.
import { threadId } from 'node:worker_threads';
import { JobError } from '../protocol.ts';
import { serveWorker, workerInput } from '../serve-worker.ts';

export type ScriptedRequest =
  | { op: 'echo'; value: unknown }
  | { op: 'sleep'; ms: number; value: unknown }
  | { op: 'fail'; kind?: string; message: string }
  | { op: 'throw-string' }
  | { op: 'exit'; code: number }
  | { op: 'uncaught'; message: string }
  | { op: 'hang' }
  | { op: 'oom' }
  | { op: 'unclonable' }
  | { op: 'worker-data' }
  | { op: 'bytes'; length: number };

export interface ScriptedResponse {
  threadId: number;
  value?: unknown;
  bytes?: Uint8Array;
}

const leak: number[][] = [];

serveWorker<ScriptedRequest, ScriptedResponse>(
  async (req) => {
    switch (req.op) {
      case 'echo':
        return { threadId, value: req.value };
      case 'sleep': {
        // With a shared gauge in workerData the test can see how many jobs ever ran at once.
        const gauge = workerInput<{ gauge?: Int32Array } | undefined>()?.gauge;
        if (gauge) {
          const now = Atomics.add(gauge, 0, 1) + 1;
          let seen = Atomics.load(gauge, 1);
          while (now > seen && Atomics.compareExchange(gauge, 1, seen, now) !== seen) seen = Atomics.load(gauge, 1);
        }
        await new Promise((resolve) => setTimeout(resolve, req.ms));
        if (gauge) Atomics.sub(gauge, 0, 1);
        return { threadId, value: req.value };
      }
      case 'fail':
        throw req.kind ? new JobError(req.kind, req.message) : new Error(req.message);
      case 'throw-string':
        throw 'a bare string';
      case 'exit':
        process.exit(req.code);
        break;
      case 'uncaught':
        setImmediate(() => {
          throw new Error(req.message);
        });
        return new Promise<never>(() => undefined);
      case 'hang':
        return new Promise<never>(() => undefined);
      case 'oom':
        for (;;) leak.push(new Array<number>(1_000_000).fill(1));
      case 'unclonable':
        return { threadId, value: () => 1 };
      case 'worker-data':
        return { threadId, value: workerInput<unknown>() };
      case 'bytes':
        return { threadId, bytes: new Uint8Array(req.length).fill(7) };
    }
    throw new Error('unreachable');
  },
  { transfer: (res) => (res.bytes ? [res.bytes.buffer as ArrayBuffer] : []) },
);
