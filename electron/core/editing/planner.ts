import { err, ok, type Result } from '../../../shared/result.ts';
import { planBatch, type BatchChange, type BatchItem, type BatchOptions, type OpContext, type TagOp } from '../../../shared/tags/index.ts';
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
  /** A plan off the main thread that runs longer than this is stopped; nothing is written. */
  budgetMs?: number;
  /** Plans over more captions than this run off the main thread. */
  maxInlineCaptions?: number;
  /** Plans touching a caption longer than this (UTF-16 units) run off the main thread. */
  maxInlineChars?: number;
  /** The worker module; tests point it at a stand-in. */
  workerEntry?: URL;
  /**
   * Every plan runs on the calling thread, whatever its size, and no budget applies: for a process
   * that serves nobody else while it plans (the CLI), where a worker's start and the captions' trip
   * there and back cost more than they guard (~0.2 s of a 10,000-caption edit). Ctrl-C stops it.
   */
  onThisThread?: boolean;
}

export const PLAN_DEFAULTS = { budgetMs: 60_000, maxInlineCaptions: 1_000, maxInlineChars: 10_000 } as const;

/**
 * Runs batch plans. User patterns already run in linear time (shared/pattern), so this is the second
 * guard: a plan big enough to be slow runs on a worker thread, where it cannot stall the server's
 * event loop (saves, thumbnails and every other window keep being answered), and where a time budget
 * can stop it: the worker is ended and the plan fails with a clear error before anything is written.
 */
export class BatchPlanner {
  private readonly opts: Required<Omit<PlannerOptions, 'workerEntry' | 'onThisThread'>> & Pick<PlannerOptions, 'workerEntry' | 'onThisThread'>;
  private pool: WorkerPool<PlanWorkerJob, JsonPieces> | null = null;

  constructor(opts: PlannerOptions = {}) {
    this.opts = { ...PLAN_DEFAULTS, ...opts };
  }

  /** Whether a plan over these captions runs off the main thread. */
  offThread(items: readonly BatchItem[]): boolean {
    if (this.opts.onThisThread) return false;
    if (items.length > this.opts.maxInlineCaptions) return true;
    for (const item of items) if (item.text !== null && item.text.length > this.opts.maxInlineChars) return true;
    return false;
  }

  async plan(job: PlanJob): Promise<Result<BatchChange[]>> {
    if (job.ops.length === 0) return ok([]);
    if (!this.offThread(job.items)) return ok(planBatch(job.items, job.ops, job.ctx, job.opts));
    const items = await toJsonPieces(job.items);
    const result = await this.workers().run({ ...job, items }, piecesTransfer(items));
    if (result.ok) return ok(await fromJsonPieces<BatchChange>(result.value));
    if (result.error.kind !== 'timeout') return result;
    const seconds = Math.round(this.opts.budgetMs / 100) / 10;
    return err({
      kind: 'timeout',
      message: `The batch over ${job.items.length} captions took longer than ${seconds} s and was stopped; nothing was written`,
    });
  }

  /** Starts the worker ahead of a plan that may need it (its start-up then overlaps reading the dataset). */
  prepare(): void {
    this.workers().warm();
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

/** The process's planner: its worker starts on the first big plan and, idle, never keeps a CLI alive. */
export function defaultPlanner(): BatchPlanner {
  shared ??= new BatchPlanner();
  return shared;
}
