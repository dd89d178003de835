import path from 'node:path';
import sharp from 'sharp';
import { oneLine } from './errors.ts';

/** Why an image could not be prepared for the LLM; `kind` as the thumbnail renderer uses them. */
export class ImageEncodeError extends Error {
  readonly kind: 'not-found' | 'corrupt-image';
  constructor(kind: 'not-found' | 'corrupt-image', message: string) {
    super(message);
    this.name = 'ImageEncodeError';
    this.kind = kind;
  }
}

/**
 * The JPEG a vision LLM gets: upright (EXIF orientation applied, as the user sees the image),
 * transparency on white (JPEG has no alpha; sharp's default black background would turn a cut-out
 * character into a silhouette on black, and the model would describe that), at most `maxSide` on
 * the longest side (vision encoders downscale anyway; sending less saves time), never enlarged.
 * Throws ImageEncodeError naming the file.
 */
export async function encodeForLlm(file: string, maxSide: number): Promise<Buffer> {
  try {
    return await sharp(file, { pages: 1, page: 0, failOn: 'warning' })
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer();
  } catch (thrown) {
    const name = path.basename(file);
    const detail = oneLine(thrown instanceof Error ? thrown.message : String(thrown));
    if (/input file is missing/i.test(detail)) throw new ImageEncodeError('not-found', `${name}: file not found`);
    if (/unsupported image format/i.test(detail)) throw new ImageEncodeError('corrupt-image', `${name}: not a recognised image format`);
    throw new ImageEncodeError('corrupt-image', `${name}: image data is corrupt or truncated (${detail})`);
  }
}
