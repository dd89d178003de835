// Worker entry for hashImages(); started through the pool's bootstrap.
import sharp from 'sharp';
import { serveWorker, workerInput } from '../workers/serve-worker.ts';
import { hashImage } from './image-hash.ts';
import type { HashRequest, ImageHash } from './image-hash.ts';

export interface HashWorkerData {
  /** libvips threads per worker: the pool already hashes several images in parallel. */
  sharpConcurrency: number;
}

const data = workerInput<HashWorkerData | undefined>();
if (data) sharp.concurrency(data.sharpConcurrency);
// The operation cache is keyed by file name, so it could serve a stale decode after the file changes.
sharp.cache(false);

serveWorker<HashRequest, ImageHash>(hashImage);
