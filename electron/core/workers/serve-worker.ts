import { parentPort, workerData } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import { isJobRequest, toAppError } from './protocol.ts';
import type { BootstrapData, JobResponse, WorkerReady } from './protocol.ts';

export interface ServeOptions<Res> {
  /** Buffers in the response to move rather than copy (e.g. large tensors). */
  transfer?: (res: Res) => Transferable[];
}

/**
 * Worker side of the pool protocol. The pool sends one job at a time per worker, but nothing here
 * depends on that, so a handler may also be used by a pool that pipelines.
 */
export function serveWorker<Req, Res>(handler: (req: Req) => Promise<Res>, opts: ServeOptions<Res> = {}): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker() must run inside a worker thread');

  const reply = (response: JobResponse<Res>, transfer: Transferable[] = []): void => {
    try {
      port.postMessage(response, transfer);
    } catch (e) {
      // Typically a DataCloneError: the handler returned something structured clone cannot carry.
      // Answer anyway so the job fails with a reason instead of hanging until its timeout.
      const error = toAppError(e);
      port.postMessage({ seq: response.seq, ok: false, error: { kind: 'unserializable-response', message: error.message } });
    }
  };

  port.on('message', (msg: unknown) => {
    if (!isJobRequest(msg)) return;
    const { seq } = msg;
    void (async () => {
      let value: Res;
      try {
        value = await handler(msg.req as Req);
      } catch (e) {
        reply({ seq, ok: false, error: toAppError(e) });
        return;
      }
      let transfer: Transferable[] = [];
      try {
        transfer = opts.transfer?.(value) ?? [];
      } catch {
        transfer = [];
      }
      reply({ seq, ok: true, value }, transfer);
    })();
  });
  const ready: WorkerReady = { ready: true };
  port.postMessage(ready);
}

/** The `workerData` given to WorkerPoolOptions, as seen from inside the worker. */
export function workerInput<T>(): T {
  return (workerData as BootstrapData | undefined)?.data as T;
}
