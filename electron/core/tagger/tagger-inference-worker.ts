// Worker entry for TaggerService's ONNX inference; started through the pool's bootstrap. The session
// cache lives as long as this thread, so every batch after the first reuses the loaded model.
import { serveWorker, workerInput } from '../workers/serve-worker.ts';
import type { InferenceRequest, InferenceResponse, InferenceWorkerData } from './messages.ts';
import { SessionCache } from './sessions.ts';

const data = workerInput<InferenceWorkerData | undefined>();
const sessions = new SessionCache(data?.threads ?? 1);

serveWorker<InferenceRequest, InferenceResponse>(
  async (req) => {
    switch (req.op) {
      case 'load':
        return { op: 'load', model: await sessions.load(req.dir, req.device) };
      case 'run':
        return { op: 'run', probs: await sessions.run(req.modelPath, req.tensor, req.rows, req.device) };
    }
  },
  { transfer: (res) => (res.op === 'run' ? [res.probs.buffer as ArrayBuffer] : []) },
);
