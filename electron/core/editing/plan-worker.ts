// Worker entry for BatchPlanner: runs one batch plan off the main thread; started through the pool's bootstrap.
import { planBatch } from '../../../shared/tags/batch.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import type { PlanJob } from './planner.ts';

serveWorker<PlanJob, ReturnType<typeof planBatch>>(async ({ items, ops, ctx, opts }) => planBatch(items, ops, ctx, opts));
