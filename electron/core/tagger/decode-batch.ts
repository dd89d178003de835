import { toAppError } from '../workers/protocol.ts';
import type { AppError } from '../../../shared/result.ts';
import type { DecodeRequest, DecodedBatch } from './messages.ts';
import { preprocessInto } from './preprocess.ts';

/**
 * Decodes a batch into one tensor, each image written straight into its row; a file that fails
 * becomes an error entry and the rows after it move up, so a dynamic-batch model never spends time
 * on an empty row. `lanes` images are decoded at once (sharp works on libuv threads): decoding only
 * has to stay one batch ahead of the model, and every extra lane takes a core from onnxruntime.
 */
export async function decodeBatch(req: DecodeRequest, lanes = Infinity): Promise<DecodedBatch> {
  const { paths, size, fixedRows } = req;
  if (fixedRows !== null && paths.length > fixedRows) {
    throw new RangeError(`decode: ${paths.length} images do not fit a fixed batch of ${fixedRows}`);
  }
  const perImage = size * size * 3;
  const tensor = new Float32Array(Math.max(fixedRows ?? 0, paths.length) * perImage);
  const errors: (AppError | null)[] = paths.map(() => null);
  let nextIndex = 0;
  const lane = async () => {
    for (let i = nextIndex++; i < paths.length; i = nextIndex++) {
      try {
        await preprocessInto(paths[i]!, size, tensor, i);
      } catch (e) {
        errors[i] = toAppError(e, 'corrupt-image');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, paths.length)) }, lane));
  let rows = 0;
  errors.forEach((error, i) => {
    if (error) return;
    if (rows !== i) tensor.copyWithin(rows * perImage, i * perImage, (i + 1) * perImage);
    rows += 1;
  });
  // Rows left behind by the compaction must not hold a stale image (a fixed batch runs them too).
  tensor.fill(0, rows * perImage);
  const used = fixedRows ?? rows;
  return { tensor: tensor.subarray(0, used * perImage), rows: used, errors };
}
