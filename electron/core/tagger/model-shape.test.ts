import { describe, it, expect } from 'vitest';
import type { InferenceSession } from 'onnxruntime-node';
import { describeModel } from './model-shape.ts';

type Meta = InferenceSession.ValueMetadata;
const tensor = (name: string, shape: Array<number | string>, type: 'float32' | 'int64' = 'float32'): Meta => ({ name, isTensor: true, type, shape });
const LABEL = 'model.onnx in /models/x';

function kindAndMessage(fn: () => unknown): { kind: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { kind: (e as { kind: string }).kind, message: (e as Error).message };
  }
  throw new Error('expected describeModel to throw');
}

describe('describeModel', () => {
  it('reads a v3 export: symbolic batch, names and sizes', () => {
    expect(describeModel([tensor('input', ['batch_size', 448, 448, 3])], [tensor('output', ['batch_size', 10861])], LABEL)).toEqual({
      inputName: 'input', outputName: 'output', size: 448, fixedBatch: null, outputSize: 10861,
    });
  });

  it('reads a v2 export with the batch fixed at 1, and treats an unnamed free dimension as dynamic', () => {
    expect(describeModel([tensor('input_1:0', [1, 448, 448, 3])], [tensor('predictions_sigmoid', [1, 9083])], LABEL)).toMatchObject({ fixedBatch: 1, inputName: 'input_1:0' });
    expect(describeModel([tensor('input', ['', 384, 384, 3])], [tensor('output', ['', 'tags'])], LABEL)).toMatchObject({ fixedBatch: null, size: 384, outputSize: null });
  });

  it('refuses models that are not WD14-shaped, saying what it found', () => {
    expect(kindAndMessage(() => describeModel([tensor('pixel_values', ['batch', 3, 448, 448])], [tensor('logits', ['batch', 5])], LABEL))).toEqual({
      kind: 'invalid-model',
      message: `${LABEL} input pixel_values has shape [batch, 3, 448, 448], expected [batch, S, S, 3] (NHWC)`,
    });
    expect(kindAndMessage(() => describeModel([tensor('a', [1, 8, 8, 3]), tensor('b', [1])], [tensor('o', [1, 2])], LABEL)).message).toBe(`${LABEL} has 2 inputs, expected 1`);
    expect(kindAndMessage(() => describeModel([tensor('ids', [1, 8, 8, 3], 'int64')], [tensor('o', [1, 2])], LABEL)).message).toBe(`${LABEL} input ids is not a float32 tensor`);
    expect(kindAndMessage(() => describeModel([tensor('input', [1, 8, 8, 3])], [tensor('o', [1, 2, 2])], LABEL)).message).toBe(`${LABEL} output o is not a float32 [batch, tags] tensor`);
    expect(kindAndMessage(() => describeModel([tensor('input', [1, 8, 8, 3])], [], LABEL)).message).toBe(`${LABEL} has no outputs`);
  });
});
