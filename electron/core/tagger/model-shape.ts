import type { InferenceSession } from 'onnxruntime-node';
import { JobError } from '../workers/protocol.ts';

/** What Tagsmith needs to know about a WD14 model, all read from the model file (FACTS.md: never hard-coded). */
export interface ModelShape {
  inputName: string;
  outputName: string;
  /** S of the NHWC input `[B, S, S, 3]`. */
  size: number;
  /** dim 0 when the export fixes it (older v2 models: 1); null when it is symbolic. */
  fixedBatch: number | null;
  /** N of the output `[B, N]`; null if the export left it symbolic (then it is checked per run). */
  outputSize: number | null;
}

type Metadata = readonly InferenceSession.ValueMetadata[];

/**
 * Checks that a session looks like a WD14 tagger and reads its shape. Anything else (a CHW model, a
 * model with several inputs, non-float input) fails with kind 'invalid-model' naming what was found,
 * because feeding it our tensor would give either an ORT error nobody can act on or silent nonsense.
 */
export function describeModel(inputs: Metadata, outputs: Metadata, label: string): ModelShape {
  const input = inputs[0];
  const output = outputs[0];
  if (inputs.length !== 1 || !input) throw invalid(label, `has ${inputs.length} inputs, expected 1`);
  if (!output) throw invalid(label, 'has no outputs');
  if (!input.isTensor || input.type !== 'float32') throw invalid(label, `input ${input.name} is not a float32 tensor`);
  const [batch, height, width, channels] = input.shape;
  if (input.shape.length !== 4 || typeof height !== 'number' || height !== width || channels !== 3) {
    throw invalid(label, `input ${input.name} has shape ${shapeText(input.shape)}, expected [batch, S, S, 3] (NHWC)`);
  }
  if (!output.isTensor || output.type !== 'float32' || output.shape.length !== 2) {
    throw invalid(label, `output ${output.name} is not a float32 [batch, tags] tensor`);
  }
  const n = output.shape[1];
  return {
    inputName: input.name,
    outputName: output.name,
    size: height,
    fixedBatch: typeof batch === 'number' && batch > 0 ? batch : null,
    outputSize: typeof n === 'number' && n > 0 ? n : null,
  };
}

function shapeText(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : d || '?')).join(', ')}]`;
}

function invalid(label: string, why: string): JobError {
  return new JobError('invalid-model', `${label} ${why}`);
}
