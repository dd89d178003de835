import { err, ok, type Result } from '../../../shared/result.ts';
import { compileBatch, type BatchChange, type BatchItem, type BatchOptions, type OpContext, type TagOp } from '../../../shared/tags/index.ts';
import { TimeSlices } from '../fs/parallel.ts';
import { fromJsonPieces, piecesTransfer, toJsonPieces, type JsonPieces } from '../workers/json-pieces.ts';
import { WorkerPool } from '../workers/pool.ts';

export interface PlanJob {
  items: readonly BatchItem[];
  ops: readonly TagOp[];
  ctx: OpContext;
  opts?: BatchOptions;
}

/** A plan as the worker gets it: the captions as JSON pieces (workers/json-pieces.ts); it answers the changes likewise. */
export interface PlanWorkerJob extends Omit<PlanJob, 'items'> {
  items: JsonPieces;
}

export interface PlannerOptions {
  /** A plan that runs longer than this is stopped; nothing is written. */
  budgetMs?: number;
  /** Plans touching a caption longer than this (UTF-16 units) run on the worker. */
  maxInlineChars?: number;
  /** The worker module; tests point it at a stand-in. */
  workerEntry?: URL;
  /**
   * Even a plan with a caption past maxInlineChars runs on the calling thread: for a process that
   * serves nobody else while it plans (the CLI). Ctrl-C stops it there.
   */
  onThisThread?: boolean;
}

export const PLAN_DEFAULTS = { budgetMs: 60_000, maxInlineChars: 10_000 } as const;

/**
 * Runs batch plans. User patterns already run in linear time (shared/pattern); this is the second
 * guard, for the event loop and for time:
 * - A plan runs on the calling thread one caption at a time, in time slices (12 ms): the server's
 *   other requests (saves, thumbnails, every other window) are answered in between, and the budget
 *   is checked between slices. 10,000 captions plan in ~0.15 s here; on a worker the same plan took
 *   ~0.4 s, most of it the worker's start, the captions' trip there and back and its cold code.
 * - A plan touching a caption longer than maxInlineChars runs on a worker thread: one such caption
 *   is one step that cannot be sliced, so it is planned where the budget can end it mid-step (the
 *   worker is ended).
 * Either way a plan past the budget fails with a clear error before anything is written.
 */
export class BatchPlanner {
  private readonly opts: Required<Omit<PlannerOptions, 'workerEntry' | 'onThisThread'>> & Pick<PlannerOptions, 'workerEntry' | 'onThisThread'>;
  private pool: WorkerPool<PlanWorkerJob, JsonPieces> | null = null;

  constructor(opts: PlannerOptions = {}) {
    this.opts = { ...PLAN_DEFAULTS, ...opts };
  }

  /** Whether a plan over these captions runs on the worker. */
  offThread(items: readonly BatchItem[]): boolean {
    if (this.opts.onThisThread) return false;
    for (const item of items) if (item.text !== null && item.text.length > this.opts.maxInlineChars) return true;
    return false;
  }

  async plan(job: PlanJob): Promise<Result<BatchChange[]>> {
    if (job.ops.length === 0) return ok([]);
    if (!this.offThread(job.items)) return this.planHere(job);
    const items = await toJsonPieces(job.items);
    const result = await this.workers().run({ ...job, items }, piecesTransfer(items));
    if (result.ok) return ok(await fromJsonPieces<BatchChange>(result.value));
    return result.error.kind === 'timeout' ? this.overBudget(job) : result;
  }

  private async planHere(job: PlanJob): Promise<Result<BatchChange[]>> {
    const planOne = compileBatch(job.ops, job.ctx, job.opts);
    const deadline = Date.now() + this.opts.budgetMs;
    const changes: BatchChange[] = [];
    const slices = new TimeSlices();
    for (const item of job.items) {
      const change = planOne(item);
      if (change) changes.push(change);
      if (slices.due()) {
        if (Date.now() > deadline) return this.overBudget(job);
        await slices.yield();
      }
    }
    return ok(changes);
  }

  private overBudget(job: PlanJob): Result<BatchChange[]> {
    const seconds = Math.round(this.opts.budgetMs / 100) / 10;
    return err({
      kind: 'timeout',
      message: `The batch over ${job.items.length} captions took longer than ${seconds} s and was stopped; nothing was written`,
    });
  }

  /** Ends the worker (a running plan fails with kind 'pool-closed'). The planner can be used again. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  private workers(): WorkerPool<PlanWorkerJob, JsonPieces> {
    // One worker: plans are rare and the main thread is free while it runs; a second plan queues.
    this.pool ??= new WorkerPool<PlanWorkerJob, JsonPieces>({
      entry: this.opts.workerEntry ?? new URL('./plan-worker.ts', import.meta.url),
      size: 1,
      timeoutMs: this.opts.budgetMs,
      name: 'batch plan',
    });
    return this.pool;
  }
}

let shared: BatchPlanner | null = null;

/** The process's planner: its worker starts on the first plan that needs it and, idle, never keeps a process alive. */
export function defaultPlanner(): BatchPlanner {
  shared ??= new BatchPlanner();
  return shared;
}
