import os from 'node:os';
import path from 'node:path';
import { defaultBatchSize, type TaggerDevice, type TaggerProvider } from '../../../shared/autocaption/device.ts';
import type { TagLabel } from '../../../shared/autocaption/labels.ts';
import { err, ok } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { WorkerPool } from '../workers/pool.ts';
import type {
  DecodeRequest,
  DecodeWorkerData,
  DecodedBatch,
  InferenceRequest,
  InferenceResponse,
  InferenceWorkerData,
  LoadedModel,
} from './messages.ts';

export interface TaggerModelInfo {
  dir: string;
  inputName: string;
  outputName: string;
  size: number;
  fixedBatch: number | null;
  labels: TagLabel[];
  /** Where the session runs (providers.ts chose it from the device asked for). */
  provider: TaggerProvider;
  /** One line when that is not the device asked for: why the CPU took over. */
  providerNote: string | null;
}

export type TagOutcome = { path: string; probs: Float32Array } | { path: string; error: AppError };

export interface TaggerServiceOptions {
  /** onnxruntime intra-op threads. Default: every core (decoding overlaps, but inference is the long pole). */
  threads?: number;
  /** Per worker job (a model load, or one batch's decode or inference). Default 5 minutes. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;

interface Model {
  info: TaggerModelInfo;
  modelPath: string;
}

/**
 * WD14 tagging off the main thread. Two single-thread pools: one decodes and preprocesses images
 * with sharp, the other holds the ONNX sessions and runs them. While batch k is in the inference
 * worker, batch k+1 is being decoded, so the model is rarely left waiting for pixels. One inference
 * worker on purpose: a second would load a second copy of the model and fight the first for cores.
 */
export class TaggerService {
  private readonly decoder: WorkerPool<DecodeRequest, DecodedBatch>;
  private readonly inference: WorkerPool<InferenceRequest, InferenceResponse>;
  private readonly models = new Map<string, Promise<Result<Model, AppError>>>();
  private closed = false;

  constructor(opts: TaggerServiceOptions = {}) {
    const threads = Math.max(1, Math.floor(opts.threads ?? os.availableParallelism()));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // With a real tagger (tens of GFLOPs per image) decoding a batch takes a fraction of running it,
    // so one lane per two cores keeps it a batch ahead while leaving onnxruntime the rest.
    const decodeData: DecodeWorkerData = { lanes: Math.max(1, Math.floor(os.availableParallelism() / 2)) };
    const inferenceData: InferenceWorkerData = { threads };
    this.decoder = new WorkerPool({ entry: new URL('./tagger-decode-worker.ts', import.meta.url), size: 1, timeoutMs, name: 'tagger decode', workerData: decodeData });
    this.inference = new WorkerPool({ entry: new URL('./tagger-inference-worker.ts', import.meta.url), size: 1, timeoutMs, name: 'tagger', workerData: inferenceData });
  }

  /**
   * Loads (once per folder and device, then reused) `<dir>/model.onnx` + `<dir>/selected_tags.csv`
   * on `device` (default auto: the best provider present, else the CPU; providers.ts).
   */
  async load(dir: string, opts: { device?: TaggerDevice } = {}): Promise<Result<TaggerModelInfo, AppError>> {
    const model = await this.model(dir, opts.device ?? 'auto');
    return model.ok ? ok(model.value.info) : model;
  }

  /**
   * Tags the images in batches of `batchSize` (the model's own batch size when its export fixes one;
   * without one, the size chosen for the provider the model runs on, see defaultBatchSize).
   * onResult is called once per image, in input order; an image that cannot be decoded gets an error
   * outcome and the rest go on. When `signal` aborts, this resolves at once with kind 'cancelled' and
   * no onResult follows (the batch already in a worker finishes there and is dropped). Failures of the
   * model or a worker end the run with that error.
   */
  async tag(dir: string, paths: readonly string[], opts: { batchSize?: number; device?: TaggerDevice; signal?: AbortSignal; onResult: (r: TagOutcome) => void }): Promise<Result<void, AppError>> {
    const { signal, onResult } = opts;
    const device = opts.device ?? 'auto';
    if (opts.batchSize !== undefined && (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)) {
      return err({ kind: 'invalid-argument', message: `batch size must be a positive integer, got ${opts.batchSize}` });
    }
    if (signal?.aborted) return err(cancelled());
    const loaded = await untilAborted(this.model(dir, device), signal);
    if (loaded === ABORTED) return err(cancelled());
    if (!loaded.ok) return loaded;
    const { info, modelPath } = loaded.value;

    const perBatch = info.fixedBatch ?? opts.batchSize ?? defaultBatchSize(info.provider);
    const batches: string[][] = [];
    for (let i = 0; i < paths.length; i += perBatch) batches.push(paths.slice(i, i + perBatch));
    const decode = (batch: string[]) => this.decoder.run({ paths: batch.map((p) => path.resolve(p)), size: info.size, fixedRows: info.fixedBatch });

    let next = batches.length > 0 ? decode(batches[0]!) : null;
    for (let k = 0; k < batches.length && next; k++) {
      const decoded = await untilAborted(next, signal);
      if (decoded === ABORTED) return err(cancelled());
      if (!decoded.ok) return decoded;
      // Start decoding the next batch before this one goes to the model: that is the overlap.
      next = k + 1 < batches.length ? decode(batches[k + 1]!) : null;

      const { tensor, rows, errors } = decoded.value;
      let probs: Float32Array | null = null;
      if (errors.some((e) => e === null)) {
        const ran = await untilAborted(this.inference.run({ op: 'run', modelPath, device, tensor, rows }, [tensor.buffer as ArrayBuffer]), signal);
        if (ran === ABORTED) return err(cancelled());
        if (!ran.ok) return ran;
        if (ran.value.op !== 'run') return err({ kind: 'protocol-error', message: 'tagger worker answered a run with a load' });
        probs = ran.value.probs;
        if (probs.length !== rows * info.labels.length) {
          return err({ kind: 'label-mismatch', message: `model.onnx in ${info.dir} returned ${probs.length / rows} scores per image for ${info.labels.length} tags` });
        }
      }
      emit(batches[k]!, errors, probs, info.labels.length, onResult);
    }
    return ok(undefined);
  }

  /** Ends both workers (and with them every loaded session); later calls fail with kind 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    this.models.clear();
    await Promise.all([this.decoder.close(), this.inference.close()]);
  }

  private model(dir: string, device: TaggerDevice): Promise<Result<Model, AppError>> {
    if (this.closed) return Promise.resolve(err({ kind: 'closed', message: 'tagger service is closed' }));
    const key = `${device}\0${path.resolve(dir)}`;
    let pending = this.models.get(key);
    if (!pending) {
      pending = this.loadModel(path.resolve(dir), device);
      this.models.set(key, pending);
      // A failure is not cached: the user may add the missing file and try again.
      void pending.then((r) => {
        if (!r.ok && this.models.get(key) === pending) this.models.delete(key);
      });
    }
    return pending;
  }

  private async loadModel(dir: string, device: TaggerDevice): Promise<Result<Model, AppError>> {
    const res = await this.inference.run({ op: 'load', dir, device });
    if (!res.ok) return res;
    if (res.value.op !== 'load') return err({ kind: 'protocol-error', message: 'tagger worker answered a load with a run' });
    const m: LoadedModel = res.value.model;
    const info: TaggerModelInfo = { dir, inputName: m.inputName, outputName: m.outputName, size: m.size, fixedBatch: m.fixedBatch, labels: m.labels, provider: m.provider, providerNote: m.providerNote };
    return ok({ info, modelPath: m.modelPath });
  }
}

/** Good images own the tensor rows in order; each gets a view of its row of scores. */
function emit(paths: readonly string[], errors: readonly (AppError | null)[], probs: Float32Array | null, n: number, onResult: (r: TagOutcome) => void): void {
  let row = 0;
  paths.forEach((p, i) => {
    const error = errors[i];
    if (error || !probs) {
      onResult({ path: p, error: error ?? { kind: 'protocol-error', message: `${path.basename(p)}: no scores came back` } });
      return;
    }
    onResult({ path: p, probs: probs.subarray(row * n, (row + 1) * n) });
    row += 1;
  });
}

const ABORTED = Symbol('aborted');

/** Resolves with the promise's value, or with ABORTED as soon as the signal fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

function cancelled(): AppError {
  return { kind: 'cancelled', message: 'tagging cancelled' };
}
