import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { workerThreads } from '../fs/lazy-builtins.ts';
import { err } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { firstLine, isJobResponse, isWorkerReady, toAppError } from './protocol.ts';
import type { BootstrapData, JobRequest } from './protocol.ts';

export interface WorkerPoolOptions {
  /** Module the workers run; it calls serveWorker(). May be .ts: the bootstrap installs tsx then. */
  entry: URL;
  /** Most workers alive at once; also the most jobs running at once. */
  size: number;
  /** A job that has not answered after this long fails with kind 'timeout' and its worker is replaced. */
  timeoutMs: number;
  /**
   * How long a new worker may take to load its entry before the job waiting for it fails with kind
   * 'timeout'. The job's own timeoutMs starts only once the worker is ready. Default 60 s.
   */
  startupTimeoutMs?: number;
  /** Shown in error messages, e.g. 'thumbnails'. */
  name: string;
  /** Handed to every worker; read it there with workerInput(). Must survive structured clone. */
  workerData?: unknown;
  /** V8 heap caps per worker; exceeding them ends only that worker (kind 'worker-crashed'). */
  resourceLimits?: ResourceLimits;
}

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);
const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

interface Job<Req, Res> {
  seq: number;
  req: Req;
  transfer: readonly Transferable[];
  resolve: (result: Result<Res, AppError>) => void;
}

interface Slot<Req, Res> {
  worker: Worker;
  job: Job<Req, Res> | null;
  timer: NodeJS.Timeout | null;
  /** True once the worker said it is listening (or answered a job, for entries without serveWorker). */
  ready: boolean;
  /** Set once the pool has given up on this worker, so its late events are ignored. */
  retired: boolean;
  /** The 'error' event comes before 'exit'; keep its message for the crash report. */
  lastError: string | null;
}

/**
 * A fixed-size pool of worker threads speaking the protocol in protocol.ts. Every run() resolves
 * with a Result: job failures, crashes, timeouts and shutdown are all values, never rejections.
 * Workers start lazily and a dead one is replaced only when there is work for it, so a worker
 * whose entry cannot even load fails each job once instead of spinning in a restart loop.
 */
export class WorkerPool<Req, Res> {
  private readonly opts: WorkerPoolOptions;
  private readonly startupTimeoutMs: number;
  private readonly slots = new Set<Slot<Req, Res>>();
  private readonly queue: Job<Req, Res>[] = [];
  private seq = 0;
  private closed = false;

  constructor(opts: WorkerPoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError(`WorkerPool ${opts.name}: size must be a positive integer`);
    if (!(opts.timeoutMs > 0)) throw new RangeError(`WorkerPool ${opts.name}: timeoutMs must be positive`);
    if (opts.startupTimeoutMs !== undefined && !(opts.startupTimeoutMs > 0)) {
      throw new RangeError(`WorkerPool ${opts.name}: startupTimeoutMs must be positive`);
    }
    this.opts = { ...opts };
    this.startupTimeoutMs = opts.startupTimeoutMs ?? Math.max(DEFAULT_STARTUP_TIMEOUT_MS, opts.timeoutMs);
  }

  run(req: Req, transfer: Transferable[] = []): Promise<Result<Res, AppError>> {
    if (this.closed) return Promise.resolve(err(this.closedError()));
    return new Promise((resolve) => {
      this.seq += 1;
      this.queue.push({ seq: this.seq, req, transfer, resolve });
      this.pump();
    });
  }

  /**
   * Starts the workers now, so their start-up overlaps the caller's own work (reading a dataset)
   * instead of delaying the first job. Idle, they never keep the process alive.
   */
  warm(): void {
    while (!this.closed && this.slots.size < this.opts.size) this.spawn().worker.unref();
  }

  /** Workers that have loaded their entry and wait for jobs. */
  get readyWorkers(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.ready && !slot.retired) n++;
    return n;
  }

  /** Fails queued and running jobs with kind 'pool-closed' and terminates every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(err(this.closedError()));
    const terminating: Promise<unknown>[] = [];
    for (const slot of [...this.slots]) {
      const job = slot.job;
      terminating.push(this.retire(slot));
      job?.resolve(err(this.closedError()));
    }
    await Promise.all(terminating);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.idleSlot() ?? (this.slots.size < this.opts.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift();
      if (job) this.dispatch(slot, job);
    }
  }

  private idleSlot(): Slot<Req, Res> | null {
    for (const slot of this.slots) if (!slot.job && !slot.retired) return slot;
    return null;
  }

  private spawn(): Slot<Req, Res> {
    const workerData: BootstrapData = { entry: this.opts.entry.href, data: this.opts.workerData };
    const worker = new (workerThreads().Worker)(BOOTSTRAP, {
      workerData,
      ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}),
    });
    const slot: Slot<Req, Res> = { worker, job: null, timer: null, ready: false, retired: false, lastError: null };
    worker.on('message', (msg: unknown) => this.onMessage(slot, msg));
    worker.on('error', (e: Error) => {
      slot.lastError = firstLine(e.message);
    });
    worker.on('exit', (code: number) => this.onExit(slot, code));
    this.slots.add(slot);
    return slot;
  }

  private dispatch(slot: Slot<Req, Res>, job: Job<Req, Res>): void {
    slot.job = job;
    // An idle pool must not keep a CLI process alive; a busy one must.
    slot.worker.ref();
    this.startClock(slot);
    const message: JobRequest<Req> = { seq: job.seq, req: job.req };
    try {
      slot.worker.postMessage(message, job.transfer);
    } catch (e) {
      // The request could not be cloned; the worker never saw it and stays healthy.
      this.settle(slot, err({ kind: 'invalid-request', message: `${this.opts.name}: ${toAppError(e).message}` }));
    }
  }

  /** The job's own limit once the worker is ready; until then, the startup limit. */
  private startClock(slot: Slot<Req, Res>): void {
    if (slot.timer) clearTimeout(slot.timer);
    const ms = slot.ready ? this.opts.timeoutMs : this.startupTimeoutMs;
    slot.timer = setTimeout(() => this.onTimeout(slot), ms);
  }

  private onMessage(slot: Slot<Req, Res>, msg: unknown): void {
    if (slot.retired) return;
    if (isWorkerReady(msg)) {
      if (slot.ready) return;
      slot.ready = true;
      if (slot.job) this.startClock(slot);
      return;
    }
    if (!slot.job) return;
    if (!isJobResponse(msg)) {
      const job = slot.job;
      void this.retire(slot);
      job.resolve(err({ kind: 'protocol-error', message: `${this.opts.name} worker sent a malformed message` }));
      this.pump();
      return;
    }
    // A response for an earlier job can only come from a worker that misbehaves; ignore it.
    if (msg.seq !== slot.job.seq) return;
    slot.ready = true;
    this.settle(slot, msg.ok ? { ok: true, value: msg.value as Res } : { ok: false, error: msg.error });
  }

  private settle(slot: Slot<Req, Res>, result: Result<Res, AppError>): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    job?.resolve(result);
    this.pump();
  }

  private onTimeout(slot: Slot<Req, Res>): void {
    const job = slot.job;
    if (slot.retired || !job) return;
    const message = slot.ready
      ? `${this.opts.name} job did not finish within ${this.opts.timeoutMs} ms`
      : `${this.opts.name} worker did not start within ${this.startupTimeoutMs} ms`;
    void this.retire(slot);
    job.resolve(err({ kind: 'timeout', message }));
    this.pump();
  }

  private onExit(slot: Slot<Req, Res>, code: number): void {
    if (slot.retired) return;
    const job = slot.job;
    void this.retire(slot);
    if (job) {
      const why = slot.lastError ?? `exit code ${code}`;
      job.resolve(err({ kind: 'worker-crashed', message: `${this.opts.name} worker crashed: ${why}` }));
    }
    this.pump();
  }

  private retire(slot: Slot<Req, Res>): Promise<unknown> {
    slot.retired = true;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.slots.delete(slot);
    return slot.worker.terminate().catch(() => undefined);
  }

  private closedError(): AppError {
    return { kind: 'pool-closed', message: `${this.opts.name} pool is closed` };
  }
}
