import fs from 'node:fs';
import path from 'node:path';
import { InferenceSession, listSupportedBackends, Tensor } from 'onnxruntime-node';
import type { TaggerDevice, TaggerProvider } from '../../../shared/autocaption/device.ts';
import { parseSelectedTags } from '../../../shared/autocaption/labels.ts';
import { JobError, firstLine } from '../workers/protocol.ts';
import { MODEL_FILE, TAGS_FILE } from './messages.ts';
import type { LoadedModel } from './messages.ts';
import { describeModel } from './model-shape.ts';
import type { ModelShape } from './model-shape.ts';
import { missingProviderLibrary, openWithFallback, planProviders, type CreateSession } from './providers.ts';

interface OpenSession {
  session: InferenceSession;
  shape: ModelShape;
  provider: TaggerProvider;
  providerNote: string | null;
}

/** The parts of onnxruntime-node that choosing a provider touches; tests pass stand-ins. */
export interface SessionRuntime {
  create: CreateSession;
  /** listSupportedBackends() names. */
  supported: () => readonly string[];
  missing: (provider: TaggerProvider) => string | null;
}

const realRuntime: SessionRuntime = {
  create: (modelPath, options) => InferenceSession.create(modelPath, options),
  supported: () => listSupportedBackends().map((b) => b.name),
  missing: (provider) => missingProviderLibrary(provider),
};

/**
 * The inference worker's ONNX sessions: one per model file, created on first use and kept for the
 * worker's life (a v3 model takes seconds to load and hundreds of MB to hold). Runs on the worker
 * thread only; onnxruntime's own threads do the arithmetic.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<OpenSession>>();
  private readonly options: InferenceSession.SessionOptions;

  constructor(threads: number, private readonly runtime: SessionRuntime = realRuntime) {
    this.options = sessionOptions(threads);
  }

  /**
   * Reads model.onnx + selected_tags.csv in `dir` and checks that they belong together. One session
   * per model and device: the same model asked for on another device is a session of its own.
   */
  async load(dir: string, device: TaggerDevice = 'auto'): Promise<LoadedModel> {
    const modelPath = path.join(dir, MODEL_FILE);
    const tagsPath = path.join(dir, TAGS_FILE);
    await mustExist(modelPath, dir);
    await mustExist(tagsPath, dir);
    const { shape, provider, providerNote } = await this.open(modelPath, device);
    const labels = parseSelectedTags(await fs.promises.readFile(tagsPath, 'utf8'));
    if (labels.length === 0) throw new JobError('invalid-labels', `${TAGS_FILE} in ${dir} has no tag rows`);
    if (shape.outputSize !== null && labels.length !== shape.outputSize) {
      throw new JobError('label-mismatch', `${TAGS_FILE} in ${dir} has ${labels.length} tags but ${MODEL_FILE} outputs ${shape.outputSize} scores`);
    }
    return { ...shape, modelPath, labels, provider, providerNote };
  }

  /** `tensor` is `[rows, S, S, 3]`; returns `[rows, N]` probabilities in a buffer of their own. */
  async run(modelPath: string, tensor: Float32Array, rows: number, device: TaggerDevice = 'auto'): Promise<Float32Array> {
    const { session, shape } = await this.open(modelPath, device);
    const expected = rows * shape.size * shape.size * 3;
    if (!(rows > 0) || tensor.length !== expected) {
      throw new JobError('invalid-request', `tagger: a batch of ${rows} needs ${expected} floats, got ${tensor.length}`);
    }
    let out: InferenceSession.ReturnType;
    try {
      out = await session.run({ [shape.inputName]: new Tensor('float32', tensor, [rows, shape.size, shape.size, 3]) });
    } catch (e) {
      throw new JobError('inference-failed', `${path.basename(modelPath)}: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    }
    const probs = out[shape.outputName];
    if (!probs || !(probs.data instanceof Float32Array)) {
      throw new JobError('inference-failed', `${path.basename(modelPath)}: output ${shape.outputName} is missing or not float32`);
    }
    // A copy owns its whole buffer, so the caller can transfer it; ORT's may be shared native memory.
    const copy = new Float32Array(probs.data);
    probs.dispose();
    return copy;
  }

  private open(modelPath: string, device: TaggerDevice): Promise<OpenSession> {
    const key = `${device}\0${modelPath}`;
    let pending = this.sessions.get(key);
    if (!pending) {
      pending = this.create(modelPath, device);
      this.sessions.set(key, pending);
      // A failed load is not remembered: the user may fix the file and try again.
      pending.catch(() => this.sessions.delete(key));
    }
    return pending;
  }

  private async create(modelPath: string, device: TaggerDevice): Promise<OpenSession> {
    const dir = path.dirname(modelPath);
    let opened: Awaited<ReturnType<typeof openWithFallback>>;
    try {
      const { create, supported, missing } = this.runtime;
      opened = await openWithFallback(create, modelPath, this.options, device, planProviders({ device, supported: supported(), missing }));
    } catch (e) {
      throw new JobError('invalid-model', `${MODEL_FILE} in ${dir} cannot be loaded: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    }
    const { session, provider, note } = opened;
    try {
      return { session, provider, providerNote: note, shape: describeModel(session.inputMetadata, session.outputMetadata, `${MODEL_FILE} in ${dir}`) };
    } catch (e) {
      await session.release();
      throw e;
    }
  }
}

/** How every tagger session is configured; exported so the benchmark's bare runs match it. */
export function sessionOptions(threads: number): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    // WD14 graphs are one chain of layers: nothing for inter-op parallelism to overlap.
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Idle intra-op threads would otherwise spin for a while after every parallel section, taking
    // the cores the decode worker needs for the next batch.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

async function mustExist(file: string, dir: string): Promise<void> {
  try {
    const st = await fs.promises.stat(file);
    if (st.isFile()) return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new JobError('io-error', `${file}: ${code ?? firstLine(String(e))}`);
  }
  throw new JobError('not-found', `${path.basename(file)} not found in ${dir}`);
}
