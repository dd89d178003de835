import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { WorkerPool } from './electron/core/workers/pool.ts';
import { buildBenchModel, benchModelCsv } from './models/fixtures/wd14-fixture.ts';
import { sessionOptions } from './electron/core/tagger/sessions.ts';
import type { InferenceRequest, InferenceResponse } from './electron/core/tagger/messages.ts';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-'));
fs.writeFileSync(path.join(dir,'model.onnx'), buildBenchModel({width: Number(process.env.W ?? 1)})); fs.writeFileSync(path.join(dir,'selected_tags.csv'), benchModelCsv());
const pool = new WorkerPool<InferenceRequest, InferenceResponse>({ entry: new URL('./electron/core/tagger/inference-worker.ts', import.meta.url), size: 1, timeoutMs: 600000, name: 't', workerData: { threads: 2 } });
const l = await pool.run({ op: 'load', dir }); if (!l.ok) throw new Error(l.error.message);
const session = await InferenceSession.create(path.join(dir,'model.onnx'), sessionOptions(2));
const S=448, B=4; const base = new Float32Array(B*S*S*3).map((_, i) => (i*7)%255);
const N=6;
const worker = async () => { const t0=performance.now(); for (let i=0;i<N;i++){ const t = base.slice(); const r = await pool.run({op:'run', modelPath: path.join(dir,'model.onnx'), tensor: t, rows: B}, [t.buffer]); if(!r.ok) throw new Error(r.error.message);} return (performance.now()-t0)/N; };
const bare = async () => { const t0=performance.now(); for (let i=0;i<N;i++){ const t = base.slice(); await session.run({input: new Tensor('float32', t, [B,S,S,3])}); } return (performance.now()-t0)/N; };
await worker(); await bare();
for (let r=0;r<4;r++) { const a = await worker(); const b = await bare(); console.log('worker', a.toFixed(0), 'ms/batch  bare', b.toFixed(0), 'ms/batch'); }
await pool.close(); await session.release();
