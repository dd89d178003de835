import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_TAGS, WD14_V2_STYLE, buildWd14Fixture, fixtureScore } from '../../../models/fixtures/wd14-fixture.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { TaggerService } from './service.ts';
import type { TagOutcome, TaggerModelInfo } from './service.ts';
import { scoreOf, writeCorrupt, writeFixtureModel, writeSolid } from './testing/fixtures.ts';
import { failure, value } from '../../../test/helpers/result.ts';

let root: string;
let v3: string;
let images: { red: string; green: string; blue: string; cyan: string; white: string; black: string; wideRed: string; corrupt: string };
let shared: TaggerService;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-tagger-'));
  v3 = await writeFixtureModel(path.join(root, 'v3'));
  const img = (name: string) => path.join(root, 'images', name);
  images = {
    red: await writeSolid(img('red.png'), 'red', 300, 300),
    green: await writeSolid(img('green.jpg'), 'green', 200, 200),
    blue: await writeSolid(img('blue.webp'), 'blue', 120, 120),
    cyan: await writeSolid(img('cyan.png'), 'cyan', 500, 500),
    white: await writeSolid(img('white.png'), 'white', 64, 64),
    black: await writeSolid(img('black.png'), 'black', 64, 64),
    wideRed: await writeSolid(img('wide-red.png'), 'red', 600, 300),
    corrupt: await writeCorrupt(img('corrupt.png')),
  };
  shared = new TaggerService({ threads: 2 });
});

afterAll(async () => {
  await shared.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function tagAll(service: TaggerService, dir: string, paths: string[], batchSize = 4): Promise<{ result: Result<void, AppError>; outcomes: TagOutcome[] }> {
  const outcomes: TagOutcome[] = [];
  const result = await service.tag(dir, paths, { batchSize, onResult: (r) => outcomes.push(r) });
  return { result, outcomes };
}

function probsOf(o: TagOutcome | undefined): Float32Array {
  if (!o || !('probs' in o)) throw new Error(`expected scores, got ${o ? JSON.stringify(o) : 'nothing'}`);
  return o.probs;
}

/** Tags above the default general threshold, by name. */
function firing(o: TagOutcome | undefined): string[] {
  const probs = probsOf(o);
  return FIXTURE_TAGS.filter((t, i) => t.category !== 9 && probs[i]! > 0.35).map((t) => t.name);
}

describe('TaggerService', () => {
  it('runs on the device asked for, or on the CPU with the reason, and picks the batch size for it', async () => {
    const cpu = value(await shared.load(v3, { device: 'cpu' }));
    expect(cpu).toMatchObject({ provider: 'cpu', providerNote: null });
    // DirectML is in no Linux or macOS build: the worker falls back and says why in one line.
    if (process.platform !== 'win32') {
      const dml = value(await shared.load(v3, { device: 'dml' }));
      expect(dml.provider).toBe('cpu');
      expect(dml.providerNote).toMatch(/^tagger on CPU: DirectML is not in this build of onnxruntime-node \(it has: cpu[^\n]*\)$/);
    }
    const outcomes: TagOutcome[] = [];
    value(await shared.tag(v3, [images.red, images.green, images.blue, images.cyan, images.white], { device: 'cpu', onResult: (r) => outcomes.push(r) }));
    expect(outcomes.map((o) => path.basename(o.path))).toEqual(['red.png', 'green.jpg', 'blue.webp', 'cyan.png', 'white.png']);
    expect(firing(outcomes[0])).toEqual(['1girl', 'solo', 'red_background']);
  });

  it('reads names, input size, batch dimension and labels from the model folder', async () => {
    const info = value(await shared.load(v3));
    expect(info).toMatchObject({ dir: v3, inputName: 'input', outputName: 'output', size: 448, fixedBatch: null });
    expect(info.labels.map((l) => l.name)).toEqual(FIXTURE_TAGS.map((t) => t.name));
    expect(info.labels[0]).toEqual({ name: 'general', category: 9, count: 16000 });
  });

  it('tags real images: each colour fires its own tags, results come back in input order', async () => {
    const order = [images.red, images.green, images.blue, images.cyan, images.white, images.black];
    const { result, outcomes } = await tagAll(shared, v3, order, 4);
    value(result);
    expect(outcomes.map((o) => o.path)).toEqual(order);
    expect(firing(outcomes[0])).toEqual(['1girl', 'solo', 'red_background']);
    expect(firing(outcomes[1])).toEqual(['green_background', '^_^']);
    expect(firing(outcomes[2])).toEqual(['blue_background']);
    expect(firing(outcomes[3])).toEqual(['hatsune_miku_(cosplay)', 'hatsune_miku', 'kagamine_rin']);
    expect(firing(outcomes[4])).toEqual(['white_background', 'simple_background']);
    expect(firing(outcomes[5])).toEqual(['dark']);
    // The character tags sit where the threshold tests need them.
    expect(scoreOf(probsOf(outcomes[3]), 'hatsune_miku')).toBeGreaterThan(0.85);
    expect(scoreOf(probsOf(outcomes[3]), 'kagamine_rin')).toBeGreaterThan(0.15);
    expect(scoreOf(probsOf(outcomes[3]), 'kagamine_rin')).toBeLessThan(0.85);
    expect(probsOf(outcomes[0])).toHaveLength(FIXTURE_TAGS.length);
  });

  it('pads to a white square before resizing: a wide red image is half white to the model', async () => {
    const { result, outcomes } = await tagAll(shared, v3, [images.red, images.wideRed]);
    value(result);
    const red = FIXTURE_TAGS.find((t) => t.name === 'red_background')!;
    expect(scoreOf(probsOf(outcomes[0]), 'red_background')).toBeGreaterThan(0.95);
    const wide = scoreOf(probsOf(outcomes[1]), 'red_background');
    expect(wide).toBeLessThan(0.35);
    expect(wide).toBeCloseTo(fixtureScore(red, { r: 1, g: 0.5, b: 0.5 }), 2);
  });

  it('reports a corrupt image as one error outcome while the rest of its batch succeeds', async () => {
    const paths = [images.red, images.corrupt, images.green, images.blue, images.cyan];
    const { result, outcomes } = await tagAll(shared, v3, paths, 3);
    value(result);
    expect(outcomes.map((o) => o.path)).toEqual(paths);
    const bad = outcomes[1]!;
    expect('error' in bad && bad.error.kind).toBe('corrupt-image');
    expect('error' in bad && bad.error.message).toMatch(/^corrupt\.png: [^\n]+$/);
    expect(firing(outcomes[0])).toContain('red_background');
    expect(firing(outcomes[2])).toContain('green_background');
    expect(firing(outcomes[3])).toContain('blue_background');
    expect(firing(outcomes[4])).toContain('hatsune_miku');
  });

  it('runs v2 exports: input_1:0 -> predictions_sigmoid with the batch fixed at 1', async () => {
    const v2 = await writeFixtureModel(path.join(root, 'v2'), WD14_V2_STYLE);
    const info = value(await shared.load(v2));
    expect(info).toMatchObject({ inputName: 'input_1:0', outputName: 'predictions_sigmoid', size: 448, fixedBatch: 1 });
    const { result, outcomes } = await tagAll(shared, v2, [images.blue, images.corrupt, images.red], 8);
    value(result);
    expect(firing(outcomes[0])).toEqual(['blue_background']);
    expect('error' in outcomes[1]!).toBe(true);
    expect(firing(outcomes[2])).toContain('red_background');
  });

  it('fills a fixed batch larger than one, padding the last batch and a failed image', async () => {
    const fixed = await writeFixtureModel(path.join(root, 'fixed3'), { fixedBatch: 3, size: 64 });
    expect(value(await shared.load(fixed)).fixedBatch).toBe(3);
    const paths = [images.red, images.corrupt, images.green, images.white, images.black];
    const { result, outcomes } = await tagAll(shared, fixed, paths, 1);
    value(result);
    expect(outcomes.map((o) => ('probs' in o ? firing(o)[0] : o.error.kind))).toEqual(['1girl', 'corrupt-image', 'green_background', 'white_background', 'dark']);
  });

  it('refuses a selected_tags.csv whose row count differs from the model output', async () => {
    const csv = buildWd14Fixture().csv.trimEnd().split('\n').slice(0, -1).join('\n');
    const dir = await writeFixtureModel(path.join(root, 'mismatch'), { csv });
    const error = failure(await shared.load(dir));
    expect(error).toEqual({ kind: 'label-mismatch', message: `selected_tags.csv in ${dir} has 15 tags but model.onnx outputs 16 scores` });
    const { result, outcomes } = await tagAll(shared, dir, [images.red]);
    expect(failure(result).kind).toBe('label-mismatch');
    expect(outcomes).toEqual([]);
  });

  it('says which file is missing or unreadable', async () => {
    const empty = path.join(root, 'empty');
    await fs.mkdir(empty, { recursive: true });
    expect(failure(await shared.load(empty))).toEqual({ kind: 'not-found', message: `model.onnx not found in ${empty}` });
    expect(failure(await shared.load(path.join(root, 'nowhere'))).kind).toBe('not-found');

    const noCsv = path.join(root, 'no-csv');
    await writeFixtureModel(noCsv);
    await fs.rm(path.join(noCsv, 'selected_tags.csv'));
    expect(failure(await shared.load(noCsv))).toEqual({ kind: 'not-found', message: `selected_tags.csv not found in ${noCsv}` });

    const garbage = await writeFixtureModel(path.join(root, 'garbage'));
    await fs.writeFile(path.join(garbage, 'model.onnx'), 'this is not a protobuf');
    const bad = failure(await shared.load(garbage));
    expect(bad.kind).toBe('invalid-model');
    expect(bad.message).toMatch(new RegExp(`^model\\.onnx in ${garbage.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be loaded: [^\\n]+$`));

    // A failure is not cached: once the file is there, the same folder loads.
    await fs.writeFile(path.join(noCsv, 'selected_tags.csv'), buildWd14Fixture().csv);
    expect(value(await shared.load(noCsv)).labels).toHaveLength(16);
  });

  it('validates its arguments and tags an empty list as nothing', async () => {
    expect(failure(await shared.tag(v3, [images.red], { batchSize: 0, onResult: () => undefined })).kind).toBe('invalid-argument');
    const { result, outcomes } = await tagAll(shared, v3, []);
    value(result);
    expect(outcomes).toEqual([]);
  });

  it('stops when the signal aborts: no results after it, kind cancelled', async () => {
    const before = new AbortController();
    before.abort();
    const none: TagOutcome[] = [];
    expect(failure(await shared.tag(v3, [images.red], { batchSize: 1, signal: before.signal, onResult: (r) => none.push(r) })).kind).toBe('cancelled');
    expect(none).toEqual([]);

    const midway = new AbortController();
    const seen: TagOutcome[] = [];
    const paths = [images.red, images.green, images.blue, images.cyan, images.white, images.black];
    const result = await shared.tag(v3, paths, {
      batchSize: 1,
      signal: midway.signal,
      onResult: (r) => {
        seen.push(r);
        midway.abort();
      },
    });
    expect(failure(result)).toEqual({ kind: 'cancelled', message: 'tagging cancelled' });
    expect(seen.map((o) => o.path)).toEqual([images.red]);
    // The service is still usable afterwards.
    value((await tagAll(shared, v3, [images.blue])).result);
  });

  it('loads a folder once and reuses its session, even after the files are gone', async () => {
    const service = new TaggerService({ threads: 1 });
    try {
      const dir = await writeFixtureModel(path.join(root, 'reuse'));
      const first: TaggerModelInfo = value(await service.load(dir));
      const [again, concurrent] = await Promise.all([service.load(dir), service.load(path.join(dir, '.'))]);
      expect(value(again)).toBe(first);
      expect(value(concurrent)).toBe(first);
      // Neither the service nor its worker reads the folder again: both keep what they loaded.
      await fs.rm(dir, { recursive: true });
      expect(value(await service.load(dir))).toBe(first);
      const { result, outcomes } = await tagAll(service, dir, [images.red]);
      value(result);
      expect(firing(outcomes[0])).toContain('red_background');
    } finally {
      await service.close();
    }
  });

  it('close() ends its workers; later calls fail with kind closed', async () => {
    // The OS threads of this process: each worker is one, and its onnxruntime session adds its own.
    const threads = async () => (process.platform === 'linux' ? (await fs.readdir('/proc/self/task')).length : NaN);
    const service = new TaggerService({ threads: 2 });
    value((await tagAll(service, v3, [images.red])).result);
    const running = await threads();
    await service.close();
    if (process.platform === 'linux') expect(await threads()).toBeLessThanOrEqual(running - 3);
    expect(failure(await service.load(v3)).kind).toBe('closed');
    expect(failure(await service.tag(v3, [images.red], { batchSize: 1, onResult: () => undefined })).kind).toBe('closed');
    await service.close();
  });
});
