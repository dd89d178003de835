// Worker entry for BatchPlanner: runs one batch plan off the main thread; started through the pool's bootstrap.
import { planBatch, type BatchItem } from '../../../shared/tags/batch.ts';
import { fromJsonPieces, piecesTransfer, toJsonPieces, type JsonPieces } from '../workers/json-pieces.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import type { PlanWorkerJob } from './planner.ts';

serveWorker<PlanWorkerJob, JsonPieces>(
  async ({ items, ops, ctx, opts }) => toJsonPieces(planBatch(await fromJsonPieces<BatchItem>(items), ops, ctx, opts)),
  { transfer: piecesTransfer },
);
