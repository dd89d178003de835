import type { TaggerDevice } from '../../../shared/autocaption/device.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { defaultConfigFile } from '../config/config-path.ts';
import { keyFor, type KeySources } from '../config/llm-config.ts';
import { taggerDevice } from '../config/tagger-config.ts';
import { createVisionClient, type KeyChoice, type LlmEndpoint, type VisionClient } from '../llm/client.ts';
import { encodeForLlm } from '../llm/encode-image.ts';
import { listTaggerModels, resolveTaggerModel, type ResolvedModel, type ResolveOptions, type TaggerModelEntry } from '../models/resolve.ts';
import { TaggerService } from '../tagger/service.ts';

/**
 * What a job needs from the outside world. The real set talks to onnxruntime, Hugging Face and LLM
 * servers; tests hand the same real set loopback URLs and generated models (see test helpers).
 */
export interface JobServices {
  tagger: Pick<TaggerService, 'load' | 'tag'>;
  resolveModel(spec: string, opts: ResolveOptions): Promise<Result<ResolvedModel, AppError>>;
  /** The known taggers and which of them are in the hub cache resolveModel reads (for the model picker). */
  listModels(): Promise<TaggerModelEntry[]>;
  createClient(endpoint: LlmEndpoint): VisionClient;
  encodeImage(absPath: string, maxSide: number): Promise<Buffer>;
  /**
   * The API key for a request to `baseUrl`: only one the user configured for that URL's origin (the
   * environment, the per-user config file, a CLI `--llm`), never anything from the dataset folder.
   */
  apiKeyFor(baseUrl: string): Promise<KeyChoice>;
  /** Where the tagger runs: this machine's setting (per-user config file), read when a job starts. */
  taggerDevice(): Promise<TaggerDevice>;
}

export interface RealServicesOptions {
  /** Hugging Face hub cache and endpoint overrides (tests, air-gapped mirrors). */
  hub?: Pick<ResolveOptions, 'hubCache' | 'hubUrl' | 'download'>;
  /** Shorter retry backoff (tests). */
  backoffMs?: number;
  /** Where API keys come from; default: the environment and this user's config file (config-path.ts). */
  keys?: Partial<KeySources>;
  /** The tagger device for every job of these services (`tagsmith tag --device`); default: the per-user config file's. */
  device?: TaggerDevice;
}

export function createJobServices(opts: RealServicesOptions = {}): JobServices & { close(): Promise<void> } {
  const tagger = new TaggerService();
  return {
    tagger,
    resolveModel: (spec, o) => resolveTaggerModel(spec, { ...opts.hub, ...o }),
    listModels: () => listTaggerModels({ hubCache: opts.hub?.hubCache }),
    createClient: (endpoint) => createVisionClient({ ...endpoint, ...(opts.backoffMs !== undefined ? { backoffMs: opts.backoffMs } : {}) }),
    encodeImage: encodeForLlm,
    apiKeyFor: (baseUrl) => keyFor(baseUrl, { configFile: defaultConfigFile(), ...opts.keys }),
    taggerDevice: async () => opts.device ?? (await taggerDevice(opts.keys?.configFile ?? defaultConfigFile())),
    close: () => tagger.close(),
  };
}
