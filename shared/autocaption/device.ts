/**
 * Where the WD14 tagger runs. A per-machine choice (the per-user config file, `tagger.device`), not a
 * dataset setting: a dataset shared between a laptop and a GPU box must not carry one machine's GPU.
 * `auto` takes the best provider this machine's onnxruntime-node can start, else the CPU.
 */
export const TAGGER_DEVICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type TaggerDevice = (typeof TAGGER_DEVICES)[number];
/** What a session really runs on (onnxruntime-node's execution provider names). */
export type TaggerProvider = Exclude<TaggerDevice, 'auto'>;

export const DEVICE_LABELS: Readonly<Record<TaggerDevice, string>> = {
  auto: 'Auto',
  cpu: 'CPU',
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
};

export function isTaggerDevice(value: unknown): value is TaggerDevice {
  return typeof value === 'string' && (TAGGER_DEVICES as readonly string[]).includes(value);
}

/**
 * Images per tagger batch when the dataset does not set one. On the CPU a bigger batch barely helps
 * (every core is busy with one image already) and only delays the first results; a GPU is fed
 * poorly by small batches, and 16 images of 448² stay far below any current card's memory even for
 * the large v3 models.
 */
export function defaultBatchSize(provider: TaggerProvider): number {
  return provider === 'cpu' ? 4 : 16;
}
