import fs from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { parseSelectedTags } from '../../../shared/autocaption/labels.ts';
import { JobError, firstLine } from '../workers/protocol.ts';
import { MODEL_FILE, TAGS_FILE } from './messages.ts';
import type { LoadedModel } from './messages.ts';
import { describeModel } from './model-shape.ts';
import type { ModelShape } from './model-shape.ts';

interface OpenSession {
  session: InferenceSession;
  shape: ModelShape;
}

/**
 * The inference worker's ONNX sessions: one per model file, created on first use and kept for the
 * worker's life (a v3 model takes seconds to load and hundreds of MB to hold). Runs on the worker
 * thread only; onnxruntime's own threads do the arithmetic.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<OpenSession>>();
  private readonly options: InferenceSession.SessionOptions;

  constructor(threads: number) {
    this.options = sessionOptions(threads);
  }

  /** Reads model.onnx + selected_tags.csv in `dir` and checks that they belong together. */
  async load(dir: string): Promise<LoadedModel> {
    const modelPath = path.join(dir, MODEL_FILE);
    const tagsPath = path.join(dir, TAGS_FILE);
    await mustExist(modelPath, dir);
    await mustExist(tagsPath, dir);
    const { shape } = await this.open(modelPath);
    const labels = parseSelectedTags(await fs.promises.readFile(tagsPath, 'utf8'));
    if (labels.length === 0) throw new JobError('invalid-labels', `${TAGS_FILE} in ${dir} has no tag rows`);
    if (shape.outputSize !== null && labels.length !== shape.outputSize) {
      throw new JobError('label-mismatch', `${TAGS_FILE} in ${dir} has ${labels.length} tags but ${MODEL_FILE} outputs ${shape.outputSize} scores`);
    }
    return { ...shape, modelPath, labels };
  }

  /** `tensor` is `[rows, S, S, 3]`; returns `[rows, N]` probabilities in a buffer of their own. */
  async run(modelPath: string, tensor: Float32Array, rows: number): Promise<Float32Array> {
    const { session, shape } = await this.open(modelPath);
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

  private open(modelPath: string): Promise<OpenSession> {
    let pending = this.sessions.get(modelPath);
    if (!pending) {
      pending = this.create(modelPath);
      this.sessions.set(modelPath, pending);
      // A failed load is not remembered: the user may fix the file and try again.
      pending.catch(() => this.sessions.delete(modelPath));
    }
    return pending;
  }

  private async create(modelPath: string): Promise<OpenSession> {
    const dir = path.dirname(modelPath);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(modelPath, this.options);
    } catch (e) {
      throw new JobError('invalid-model', `${MODEL_FILE} in ${dir} cannot be loaded: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    }
    try {
      return { session, shape: describeModel(session.inputMetadata, session.outputMetadata, `${MODEL_FILE} in ${dir}`) };
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
