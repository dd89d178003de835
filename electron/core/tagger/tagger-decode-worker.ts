// Worker entry for TaggerService's image decoding; started through the pool's bootstrap.
import sharp from 'sharp';
import { serveWorker, workerInput } from '../workers/serve-worker.ts';
import { decodeBatch } from './decode-batch.ts';
import type { DecodeRequest, DecodeWorkerData, DecodedBatch } from './messages.ts';

const lanes = workerInput<DecodeWorkerData | undefined>()?.lanes ?? 1;
// One libvips thread per image: images run side by side in lanes instead, and onnxruntime needs the
// other cores for the batch before.
sharp.concurrency(1);
// The operation cache is keyed by file name, so it could serve a stale decode after the file changes.
sharp.cache(false);

serveWorker<DecodeRequest, DecodedBatch>((req) => decodeBatch(req, lanes), { transfer: (res) => [res.tensor.buffer as ArrayBuffer] });
