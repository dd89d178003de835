// Worker entry for ThumbnailService; started through the pool's bootstrap.
import sharp from 'sharp';
import { serveWorker, workerInput } from '../workers/serve-worker.ts';
import { renderThumbnail } from './render.ts';
import type { RenderRequest, RenderResult } from './render.ts';

export interface ThumbnailWorkerData {
  /** libvips threads per worker: the pool already runs several images in parallel. */
  sharpConcurrency: number;
}

const data = workerInput<ThumbnailWorkerData | undefined>();
if (data) sharp.concurrency(data.sharpConcurrency);
// The operation cache is keyed by file name, so it could serve a stale decode after the file changes.
sharp.cache(false);

serveWorker<RenderRequest, RenderResult>(renderThumbnail, { transfer: (res) => (res.webp ? [res.webp.buffer as ArrayBuffer] : []) });
