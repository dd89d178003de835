// `node --import tsx scripts/bench-tagger.ts`: WD14 tagger throughput, printed as figures and ratios
// (asserts nothing; these machines are noisy). Each pair runs alternately, several rounds, medians.
// Takes about 3 minutes on 2 cores.
//   1. TaggerService.tag end to end (decode + preprocess + inference in workers) on a folder of
//      generated ~1024x768 JPEG/PNG images, vs bare session.run on ready tensors of the same model,
//      batch size and session options in this process. Once with the 4.25 GFLOP bench model, once
//      with a 4x wider one nearer the published taggers' cost.
//   2. Preprocessing per image, sharp (ours) vs the PIL + numpy reference (scripts/preprocess_reference.py),
//      both single-threaded, and how far apart their tensors are.
// BENCH_ROUNDS (default 5), BENCH_BATCH (default 4), BENCH_IMAGES (default 48) change the workload.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { benchModelCsv, benchModelFlops, buildBenchModel } from '../models/fixtures/wd14-fixture.ts';
import { decodeBatch } from '../electron/core/tagger/decode-batch.ts';
import { MODEL_FILE, TAGS_FILE } from '../electron/core/tagger/messages.ts';
import { preprocessImage } from '../electron/core/tagger/preprocess.ts';
import { TaggerService } from '../electron/core/tagger/service.ts';
import { sessionOptions } from '../electron/core/tagger/sessions.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const batchSize = Number(process.env.BENCH_BATCH ?? 4);
const imageCount = Number(process.env.BENCH_IMAGES ?? 48);
const SIZE = 448;
const threads = os.availableParallelism();
/** As TaggerService sets up its decode worker. */
const DECODE_LANES = Math.max(1, Math.floor(threads / 2));
const reference = fileURLToPath(new URL('./preprocess_reference.py', import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => performance.now();

/**
 * Photo-like content (gradients, waves, fine noise) so JPEG and PNG decoding cost what real
 * images cost; a flat colour would decode unrealistically fast. Seeded, so every run is the same.
 */
async function writeImages(dir: string): Promise<string[]> {
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const files: string[] = [];
  for (let k = 0; k < imageCount; k++) {
    const kind = k % 6; // 0-3 landscape JPEG, 4 portrait PNG, 5 landscape PNG with alpha
    const [width, height] = kind === 4 ? [768, 1024] : [1024, 768];
    const channels = kind === 5 ? 4 : 3;
    const px = Buffer.alloc(width * height * channels);
    const [fx, fy, phase] = [random() * 0.05, random() * 0.05, random() * 6];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * channels;
        const wave = Math.sin(x * fx + phase) * Math.cos(y * fy) * 60;
        px[i] = clamp((x / width) * 200 + wave + random() * 24);
        px[i + 1] = clamp((y / height) * 200 - wave + random() * 24);
        px[i + 2] = clamp(128 + wave + random() * 24);
        if (channels === 4) px[i + 3] = clamp(255 - (x / width) * 255);
      }
    }
    const img = sharp(px, { raw: { width, height, channels } });
    const file = path.join(dir, `img_${String(k).padStart(3, '0')}.${kind < 4 ? 'jpg' : 'png'}`);
    await (kind < 4 ? img.jpeg({ quality: 90 }) : img.png({ compressionLevel: 6 })).toFile(file);
    files.push(file);
  }
  return files;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

interface Timed {
  ms: number;
  /** CPU time of the whole process (every thread) over the same span. */
  cpuMs: number;
}

async function timed(fn: () => Promise<void>): Promise<Timed> {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  await fn();
  const ms = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Ours vs bare session.run, plus the two figures that explain the ratio: decoding alone, and the
 * best any pipeline could do when decoding and inference share the same cores.
 */
async function benchTagging(files: string[], width: number, rounds: number): Promise<void> {
  const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-bench-model-'));
  fs.writeFileSync(path.join(modelDir, MODEL_FILE), buildBenchModel({ size: SIZE, width }));
  fs.writeFileSync(path.join(modelDir, TAGS_FILE), benchModelCsv());
  const service = new TaggerService({ threads });
  const session = await InferenceSession.create(path.join(modelDir, MODEL_FILE), sessionOptions(threads));
  try {
    const loaded = await service.load(modelDir);
    if (!loaded.ok) throw new Error(`${loaded.error.kind}: ${loaded.error.message}`);

    // Ready tensors for the bare side, decoded the way the decode worker does it, outside the clock.
    const batches: string[][] = [];
    for (let i = 0; i < files.length; i += batchSize) batches.push(files.slice(i, i + batchSize));
    const ready: { tensor: Float32Array; rows: number }[] = [];
    const decodeAll = async (keep: boolean) => {
      for (const paths of batches) {
        const { tensor, rows } = await decodeBatch({ paths, size: SIZE, fixedRows: null }, DECODE_LANES);
        if (keep) ready.push({ tensor, rows });
      }
    };
    await decodeAll(true);

    const runOurs = () => timed(async () => {
      let failed = 0;
      const res = await service.tag(modelDir, files, { batchSize, onResult: (r) => void ('error' in r && failed++) });
      if (!res.ok || failed > 0) throw new Error(`tagging failed: ${res.ok ? `${failed} images` : res.error.message}`);
    });
    const runBare = () => timed(async () => {
      for (const { tensor, rows } of ready) await session.run({ input: new Tensor('float32', tensor, [rows, SIZE, SIZE, 3]) });
    });
    const runDecode = () => timed(() => decodeAll(false));
    // Warm everything: the first runs pay for worker start-up, arena growth and page faults.
    await runOurs();
    await runBare();
    await runDecode();

    const ours: Timed[] = [];
    const bare: Timed[] = [];
    const decode: Timed[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first so neither side always inherits the other's cache or heat.
      const order = round % 2 === 0 ? [runOurs, runBare] : [runBare, runOurs];
      for (const run of order) (run === runOurs ? ours : bare).push(await run());
      decode.push(await runDecode());
    }
    // Each round's pair ran back to back, so its ratio sees the same background load on both sides;
    // the median of those is steadier than a ratio of medians on a shared machine.
    const pairRatio = median(ours.map((o, i) => bare[i]!.ms / o.ms));
    const rate = (xs: Timed[]) => (files.length / median(xs.map((x) => x.ms))) * 1000;
    const cpuPerImage = (xs: Timed[]) => median(xs.map((x) => x.cpuMs)) / files.length;
    const [oursRate, bareRate, decodeRate] = [rate(ours), rate(bare), rate(decode)];
    const gflops = benchModelFlops({ size: SIZE, width }) / 1e9;
    const serial = 1 / (1 / bareRate + 1 / decodeRate);
    // When inference alone keeps every core busy, decoding can only run on time taken from it: then
    // no pipeline beats inference's share of the CPU that both need.
    const cpuShare = cpuPerImage(bare) / (cpuPerImage(bare) + cpuPerImage(decode));
    console.log(`\n-- bench model width ${width}: ${gflops.toFixed(2)} GFLOPs/image at ${SIZE}px; ${threads} onnxruntime threads; batch ${batchSize}; ${files.length} images; medians of ${rounds}`);
    console.log(`bare session.run:             ${bareRate.toFixed(1)} images/s (${(bareRate * gflops).toFixed(0)} GFLOP/s, ${cpuPerImage(bare).toFixed(1)} CPU ms/image)`);
    console.log(`decode + preprocess alone:    ${decodeRate.toFixed(1)} images/s (${cpuPerImage(decode).toFixed(1)} CPU ms/image)`);
    console.log(`TaggerService.tag end to end: ${oursRate.toFixed(1)} images/s`);
    console.log(`tagging ratio: ${pairRatio.toFixed(2)}x bare session.run (median of per-round ratios; goal >= 0.9x); ` +
      `decode-then-run without overlap would be ${(serial / bareRate).toFixed(2)}x; ` +
      `with the cores saturated, inference's share of the CPU (${cpuShare.toFixed(2)}) caps any pipeline`);
  } finally {
    await session.release();
    await service.close();
    fs.rmSync(modelDir, { recursive: true, force: true });
  }
}

function findPython(): string | null {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', 'import PIL, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

async function benchPreprocessing(work: string, files: string[]): Promise<void> {
  const python = findPython();
  if (!python) {
    console.log('preprocessing vs PIL: skipped (no python3 that can import PIL and numpy)');
  }
  const refFile = path.join(work, 'reference.f32');
  let oursTensors: Float32Array[] = [];
  const runOurs = async () => {
    const t0 = now();
    oursTensors = [];
    for (const file of files) oursTensors.push(await preprocessImage(file, SIZE));
    return (now() - t0) / files.length;
  };
  const runPil = () => {
    const r = spawnSync(python!, [reference, '--size', String(SIZE), '--out', refFile, ...files], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`preprocess_reference.py failed: ${r.stderr.trim().split('\n').pop()}`);
    return (JSON.parse(r.stdout) as { ms_per_image: number }).ms_per_image;
  };
  await runOurs();
  const ours: number[] = [];
  const pil: number[] = [];
  const pilRounds = Math.min(rounds, 3);
  for (let round = 0; round < pilRounds; round++) {
    if (!python) {
      ours.push(await runOurs());
    } else if (round % 2 === 0) {
      ours.push(await runOurs());
      pil.push(runPil());
    } else {
      pil.push(runPil());
      ours.push(await runOurs());
    }
  }
  console.log(`preprocessing (sharp, 1 thread): ${median(ours).toFixed(1)} ms/image, median of ${pilRounds}`);
  if (!python) return;
  console.log(`preprocessing (PIL + numpy reference, ${python}): ${median(pil).toFixed(1)} ms/image, median of ${pilRounds}`);
  console.log(`preprocessing ratio: PIL takes ${(median(pil) / median(ours)).toFixed(2)}x as long as sharp`);

  const bytes = fs.readFileSync(refFile);
  const ref = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let total = 0;
  let worstImage = 0;
  let maxAbs = 0;
  oursTensors.forEach((t, k) => {
    let sum = 0;
    const offset = k * t.length;
    for (let i = 0; i < t.length; i++) {
      const d = Math.abs(t[i]! - ref[offset + i]!);
      sum += d;
      if (d > maxAbs) maxAbs = d;
    }
    total += sum;
    worstImage = Math.max(worstImage, sum / t.length);
  });
  const meanAbs = total / (oursTensors.length * SIZE * SIZE * 3);
  console.log(`sharp vs PIL tensors: mean abs diff ${meanAbs.toFixed(3)} (0-255 units), worst image ${worstImage.toFixed(3)}, largest single value ${maxAbs.toFixed(0)}`);
}

// One libvips thread per image everywhere in this process, as in the decode worker (and like PIL).
sharp.concurrency(1);
sharp.cache(false);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-bench-tagger-'));
try {
  const imageDir = path.join(work, 'images');
  fs.mkdirSync(imageDir);
  const files = await writeImages(imageDir);
  await benchTagging(files, 1, rounds);
  // A model nearer the real taggers' cost, where decoding is a smaller share of the CPU.
  await benchTagging(files, 2, rounds);
  // About the published v3 taggers' cost (ViT/ConvNeXt/SwinV2-base at 448 px run tens of GFLOPs).
  await benchTagging(files, 4, Math.min(rounds, 3));
  console.log('');
  await benchPreprocessing(work, files);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
