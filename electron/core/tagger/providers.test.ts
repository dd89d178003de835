import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, listSupportedBackends } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBatchSize, type TaggerDevice } from '../../../shared/autocaption/device.ts';
import { missingProviderLibrary, openWithFallback, planProviders, providerOptions, type CreateSession } from './providers.ts';
import { SessionCache, sessionOptions, type SessionRuntime } from './sessions.ts';
import { writeFixtureModel, writeSolid } from './testing/fixtures.ts';

/*
 * No GPU here: a stand-in for InferenceSession.create plays each machine. It rejects a provider the
 * machine lacks with the very error onnxruntime-node 1.30 gives (read off real runs on Linux x64
 * without the CUDA libraries) and hands everything else, CPU included, to the real onnxruntime, so
 * the session that comes back really runs.
 */
const NOT_IN_BUILD = (name: string) => `no available backend found. ERR: [${name}] backend not found.`;
const CUDA_LIBS_MISSING = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';
const NO_CUDA_DEVICE = 'CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; hostname=box ; expr=cudaSetDevice(info_.device_id);';

interface Machine {
  /** What listSupportedBackends() lists. */
  supported: string[];
  /** Providers that start; every other one listed fails with `fails`. */
  works: string[];
  fails?: string;
}

const LINUX_X64 = ['cpu', 'webgpu', 'cuda', 'tensorrt'];
const WINDOWS_X64 = ['cpu', 'dml', 'webgpu'];
const MACOS = ['cpu', 'coreml', 'webgpu'];

function standIn(machine: Machine): { create: CreateSession; tried: string[] } {
  const tried: string[] = [];
  const create: CreateSession = async (modelPath, options) => {
    const eps = (options.executionProviders ?? ['cpu']).map((e) => (typeof e === 'string' ? e : e.name));
    tried.push(eps.join('+'));
    for (const ep of eps) {
      if (!machine.supported.includes(ep)) throw new Error(NOT_IN_BUILD(ep));
      if (!machine.works.includes(ep)) throw new Error(machine.fails ?? CUDA_LIBS_MISSING);
    }
    // The real thing for what this machine can run; the stand-in only ever runs it on the CPU.
    return InferenceSession.create(modelPath, { ...options, executionProviders: ['cpu'] });
  };
  return { create, tried };
}

let root: string;
let model: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-providers-'));
  model = await writeFixtureModel(path.join(root, 'model'));
  await writeSolid(path.join(root, 'red.png'), 'red', 64, 64);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('planProviders', () => {
  const table: [TaggerDevice, string[], string[], RegExp | null][] = [
    ['auto', LINUX_X64, ['cuda', 'cpu'], null],
    ['auto', WINDOWS_X64, ['dml', 'cpu'], null],
    ['auto', MACOS, ['coreml', 'cpu'], null],
    ['auto', ['cpu'], ['cpu'], /^no GPU provider in this build of onnxruntime-node \(it has: cpu\)$/],
    ['cpu', LINUX_X64, ['cpu'], null],
    ['cuda', LINUX_X64, ['cuda', 'cpu'], null],
    ['dml', LINUX_X64, ['cpu'], /^DirectML is not in this build of onnxruntime-node \(it has: cpu, webgpu, cuda, tensorrt\)$/],
    ['coreml', WINDOWS_X64, ['cpu'], /^CoreML is not in this build/],
    ['cuda', MACOS, ['cpu'], /^CUDA is not in this build/],
  ];
  it.each(table)('%s with %j tries %j', (device, supported, candidates, skipped) => {
    const plan = planProviders({ device, supported });
    expect(plan.candidates).toEqual(candidates);
    if (skipped) expect(plan.skipped).toEqual([expect.stringMatching(skipped)]);
    else expect(plan.skipped).toEqual([]);
  });

  it('does not try a provider whose libraries are known to be missing, and says so', () => {
    const missing = (p: string) => (p === 'cuda' ? 'CUDA provider libraries are not installed' : null);
    expect(planProviders({ device: 'auto', supported: LINUX_X64, missing })).toEqual({ candidates: ['cpu'], skipped: ['CUDA provider libraries are not installed'] });
    expect(planProviders({ device: 'cuda', supported: LINUX_X64, missing })).toEqual({ candidates: ['cpu'], skipped: ['CUDA provider libraries are not installed'] });
  });

  it('sets what DirectML needs and names one provider per session', () => {
    const base = sessionOptions(2);
    expect(providerOptions(base, 'dml')).toMatchObject({ executionProviders: ['dml'], enableMemPattern: false, executionMode: 'sequential', intraOpNumThreads: 2 });
    expect(providerOptions(base, 'cuda').executionProviders).toEqual(['cuda']);
  });
});

describe('openWithFallback (stand-in machines, real CPU sessions)', () => {
  const modelFile = () => path.join(model, 'model.onnx');
  const open = async (device: TaggerDevice, machine: Machine) => {
    const { create, tried } = standIn(machine);
    const opened = await openWithFallback(create, modelFile(), sessionOptions(1), device, planProviders({ device, supported: machine.supported }));
    await opened.session.release();
    return { provider: opened.provider, note: opened.note, tried };
  };

  it('auto takes the GPU a machine can start, quietly', async () => {
    expect(await open('auto', { supported: LINUX_X64, works: ['cpu', 'cuda'] })).toEqual({ provider: 'cuda', note: null, tried: ['cuda'] });
    expect(await open('auto', { supported: WINDOWS_X64, works: ['cpu', 'dml'] })).toEqual({ provider: 'dml', note: null, tried: ['dml'] });
    expect(await open('auto', { supported: MACOS, works: ['cpu', 'coreml'] })).toEqual({ provider: 'coreml', note: null, tried: ['coreml'] });
  });

  it('falls back to the CPU with one line saying why', async () => {
    expect(await open('auto', { supported: LINUX_X64, works: ['cpu'] })).toEqual({
      provider: 'cpu',
      note: `tagger on CPU: CUDA did not start (${CUDA_LIBS_MISSING})`,
      tried: ['cuda', 'cpu'],
    });
    const noDevice = await open('cuda', { supported: LINUX_X64, works: ['cpu'], fails: NO_CUDA_DEVICE });
    expect(noDevice.provider).toBe('cpu');
    expect(noDevice.note).toBe(`tagger on CPU: CUDA did not start (${NO_CUDA_DEVICE})`);
    expect(await open('dml', { supported: LINUX_X64, works: ['cpu'] })).toEqual({
      provider: 'cpu',
      note: 'tagger on CPU: DirectML is not in this build of onnxruntime-node (it has: cpu, webgpu, cuda, tensorrt)',
      tried: ['cpu'],
    });
    expect(await open('cuda', { supported: MACOS, works: ['cpu', 'coreml'] })).toMatchObject({ provider: 'cpu', note: 'tagger on CPU: CUDA is not in this build of onnxruntime-node (it has: cpu, coreml, webgpu)' });
  });

  it('says nothing when the CPU is what was asked, or auto found no GPU provider to try', async () => {
    expect(await open('cpu', { supported: LINUX_X64, works: ['cpu'] })).toEqual({ provider: 'cpu', note: null, tried: ['cpu'] });
    expect(await open('auto', { supported: ['cpu'], works: ['cpu'] })).toEqual({ provider: 'cpu', note: null, tried: ['cpu'] });
  });

  it('names every reason in one line when more than one GPU failed', async () => {
    const both = { supported: ['cpu', 'cuda', 'dml'], works: ['cpu'] };
    const { note } = await open('auto', both);
    expect(note).toBe(`tagger on CPU: CUDA did not start (${CUDA_LIBS_MISSING}); DirectML did not start (${CUDA_LIBS_MISSING})`);
    expect(note).not.toContain('\n');
  });

  it('a model the CPU cannot load either fails with the CPU error, not a device note', async () => {
    const broken = path.join(root, 'broken.onnx');
    await fs.writeFile(broken, 'not a model');
    const { create } = standIn({ supported: LINUX_X64, works: ['cpu'] });
    await expect(openWithFallback(create, broken, sessionOptions(1), 'auto', planProviders({ device: 'auto', supported: LINUX_X64 }))).rejects.toThrow(/protobuf|parse|load/i);
  });
});

describe('SessionCache with a device', () => {
  const runtime = (machine: Machine): SessionRuntime => ({ create: standIn(machine).create, supported: () => machine.supported, missing: () => null });

  it('tags on the CPU after CUDA fails, reporting the provider, and keeps one session per device', async () => {
    const cache = new SessionCache(1, runtime({ supported: LINUX_X64, works: ['cpu'] }));
    const auto = await cache.load(model, 'auto');
    expect(auto.provider).toBe('cpu');
    expect(auto.providerNote).toMatch(/^tagger on CPU: CUDA did not start/);
    const cpu = await cache.load(model, 'cpu');
    expect(cpu).toMatchObject({ provider: 'cpu', providerNote: null });
    const probs = await cache.run(auto.modelPath, new Float32Array(auto.size * auto.size * 3), 1, 'auto');
    expect(probs.length).toBe(auto.labels.length);
    expect(defaultBatchSize(auto.provider)).toBe(4);
    expect(defaultBatchSize('cuda')).toBe(16);
  });

  // This machine's own onnxruntime-node, untouched: whatever it has, auto ends on a provider that runs.
  it('the real onnxruntime-node: auto starts on something; cuda without its libraries says how to get them', async () => {
    const cache = new SessionCache(1);
    const loaded = await cache.load(model, 'auto');
    if (loaded.provider === 'cpu' && loaded.providerNote !== null) expect(loaded.providerNote).toMatch(/^tagger on CPU: [^\n]+$/);
    const names = listSupportedBackends().map((b) => b.name);
    if (names.includes('cuda') && missingProviderLibrary('cuda')) {
      expect(loaded).toMatchObject({ provider: 'cpu', providerNote: null });
      const cuda = await cache.load(model, 'cuda');
      expect(cuda.provider).toBe('cpu');
      expect(cuda.providerNote).toMatch(/^tagger on CPU: CUDA provider libraries are not installed \(libonnxruntime_providers_cuda\.so is missing; reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12/);
    }
    const probs = await cache.run(loaded.modelPath, new Float32Array(loaded.size * loaded.size * 3), 1, 'auto');
    expect(probs.length).toBe(loaded.labels.length);
  });
});
