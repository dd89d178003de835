import type { TaggerDevice, TaggerProvider } from '../../../shared/autocaption/device.ts';
import type { TagLabel } from '../../../shared/autocaption/labels.ts';
import type { AppError } from '../../../shared/result.ts';
import type { ModelShape } from './model-shape.ts';

/**
 * What TaggerService and its two workers say to each other. Decoding and inference live in separate
 * workers because session.run() in onnxruntime-node blocks its thread's event loop for the whole
 * batch: a decoder sharing that thread could not even start its next step until the run ended.
 */

// --- decode worker ---------------------------------------------------------------------------------

export interface DecodeRequest {
  paths: string[];
  /** Input side S of the model. */
  size: number;
  /** Rows of the tensor: the model's fixed batch, or null for one row per decodable image. */
  fixedRows: number | null;
}

export interface DecodedBatch {
  /** `[rows, S, S, 3]` BGR float32. Good images are packed in input order; spare fixed rows are zero. */
  tensor: Float32Array;
  rows: number;
  /** One per request path: null when the image is row k of the tensor (k = number of nulls before it). */
  errors: (AppError | null)[];
}

export interface DecodeWorkerData {
  /** Images decoded at once, each on one libvips thread. */
  lanes: number;
}

// --- inference worker ------------------------------------------------------------------------------

export type InferenceRequest =
  | { op: 'load'; dir: string; device: TaggerDevice }
  | { op: 'run'; modelPath: string; device: TaggerDevice; tensor: Float32Array; rows: number };

export interface LoadedModel extends ModelShape {
  modelPath: string;
  labels: TagLabel[];
  /** Where the session really runs. */
  provider: TaggerProvider;
  /** One line when that is not what was asked for (a GPU missing or failing: the CPU took over). */
  providerNote: string | null;
}

export type InferenceResponse =
  | { op: 'load'; model: LoadedModel }
  /** `[rows, N]` probabilities in a buffer of its own, so it can be transferred. */
  | { op: 'run'; probs: Float32Array };

export interface InferenceWorkerData {
  /** onnxruntime intra-op threads. */
  threads: number;
}

export const MODEL_FILE = 'model.onnx';
export const TAGS_FILE = 'selected_tags.csv';
