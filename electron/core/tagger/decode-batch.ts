import { toAppError } from '../workers/protocol.ts';
import type { AppError } from '../../../shared/result.ts';
import type { DecodeRequest, DecodedBatch } from './messages.ts';
import { preprocessInto } from './preprocess.ts';

/**
 * Decodes a batch into one tensor. Images are decoded side by side (sharp runs on libuv threads) and
 * written straight into their row; a file that fails becomes an error entry and the rows after it move
 * up, so a dynamic-batch model never spends time on an empty row.
 */
export async function decodeBatch(req: DecodeRequest): Promise<DecodedBatch> {
  const { paths, size, fixedRows } = req;
  if (fixedRows !== null && paths.length > fixedRows) {
    throw new RangeError(`decode: ${paths.length} images do not fit a fixed batch of ${fixedRows}`);
  }
  const perImage = size * size * 3;
  const tensor = new Float32Array(Math.max(fixedRows ?? 0, paths.length) * perImage);
  const opts = req.maxInputPixels === undefined ? {} : { maxInputPixels: req.maxInputPixels };
  const errors = await Promise.all(
    paths.map(async (file, i): Promise<AppError | null> => {
      try {
        await preprocessInto(file, size, tensor, i, opts);
        return null;
      } catch (e) {
        return toAppError(e, 'corrupt-image');
      }
    }),
  );
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
