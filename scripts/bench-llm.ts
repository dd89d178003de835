// `npm run bench` (LLM stage): images/s of the real describe stage (AutoCaptionJob with the real OpenAI
// client, image encoding, prompt and clean-up) against the loopback fake server answering after a fixed
// latency L with concurrency C. The ideal is C / L; the figure is the ratio to it (target >= 0.9).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoCaptionSettingsSchema } from '../shared/autocaption/config.ts';
import { AutoCaptionJob } from '../electron/core/autocaption/job.ts';
import { createJobServices } from '../electron/core/autocaption/services.ts';
import { Dataset } from '../electron/core/dataset/dataset.ts';
import { startFakeLlmServer } from '../test/fakes/llm-server.ts';
import { colourImage } from '../test/helpers/autocaption.ts';

const LATENCY_MS = Number(process.env.BENCH_LLM_LATENCY_MS ?? 250);
const IMAGES = Number(process.env.BENCH_LLM_IMAGES ?? 96);

async function run(concurrency: number): Promise<{ perSecond: number; stagePerSecond: number; ideal: number; maxConcurrent: number }> {
  const root = mkdtempSync(join(tmpdir(), 'tagsmith-bench-llm-'));
  const server = await startFakeLlmServer({ latencyMs: LATENCY_MS });
  const services = createJobServices({ hub: { download: false } });
  try {
    const png = await colourImage('red', 512);
    for (let i = 0; i < IMAGES; i++) writeFileSync(join(root, `img_${String(i).padStart(4, '0')}.png`), png);
    const dataset = await Dataset.open(root);
    const settings = AutoCaptionSettingsSchema.parse({ useTagger: false, useLlm: true, llm: { baseUrl: server.openaiBase, model: 'fake-vlm', concurrency } });
    const job = AutoCaptionJob.create({ dataset, apply: (label, changes) => dataset.applyChanges(label, changes) }, services, dataset.images().map((r) => r.relPath), settings);
    // The stage proper: from the job entering 'running' to the last image described (no model
    // loading, no final write); end to end: the whole run() call.
    let stageStart = 0;
    let stageEnd = 0;
    job.onChange((s) => {
      if (s.state === 'running' && stageStart === 0) stageStart = performance.now();
      if (s.described === IMAGES && stageEnd === 0) stageEnd = performance.now();
    });
    const start = performance.now();
    const final = await job.run();
    const seconds = (performance.now() - start) / 1000;
    const stageSeconds = (stageEnd - stageStart) / 1000;
    if (final.state !== 'finished' || final.failed > 0) throw new Error(`bench job ended ${final.state}: ${final.message}`);
    return { perSecond: IMAGES / seconds, stagePerSecond: IMAGES / stageSeconds, ideal: concurrency / (LATENCY_MS / 1000), maxConcurrent: server.maxConcurrent };
  } finally {
    await services.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(`LLM stage, ${IMAGES} images of 512x512, fake server latency ${LATENCY_MS} ms (end to end: encode, request, clean-up, one journal entry)`);
for (const c of [1, 4, 8]) {
  const r = await run(c);
  console.log(`  concurrency ${c}: stage ${r.stagePerSecond.toFixed(2)} images/s vs ideal C/L ${r.ideal.toFixed(2)} -> ${(r.stagePerSecond / r.ideal).toFixed(2)}x; end to end ${r.perSecond.toFixed(2)} images/s -> ${(r.perSecond / r.ideal).toFixed(2)}x (peak in flight ${r.maxConcurrent})`);
}
