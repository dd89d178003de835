// Worker entry for TaggerService's image decoding; started through the pool's bootstrap.
import sharp from 'sharp';
import { serveWorker, workerInput } from '../workers/serve-worker.ts';
import { decodeBatch } from './decode-batch.ts';
import type { DecodeRequest, DecodeWorkerData, DecodedBatch } from './messages.ts';

const data = workerInput<DecodeWorkerData | undefined>();
// One libvips thread per image: the batch's images already run side by side on the libuv pool, and
// onnxruntime needs the remaining cores for the batch before.
sharp.concurrency(data?.sharpConcurrency ?? 1);
// The operation cache is keyed by file name, so it could serve a stale decode after the file changes.
sharp.cache(false);

serveWorker<DecodeRequest, DecodedBatch>(decodeBatch, { transfer: (res) => [res.tensor.buffer as ArrayBuffer] });
