import sharp from 'sharp';
import { describeImageError } from '../images/image-error.ts';

/**
 * The JPEG a vision LLM gets: upright (EXIF orientation applied, as the user sees the image),
 * transparency on white (JPEG has no alpha; sharp's default black background would turn a cut-out
 * character into a silhouette on black, and the model would describe that), at most `maxSide` on
 * the longest side (vision encoders downscale anyway; sending less saves time), never enlarged.
 * Throws a JobError (describeImageError) naming the file.
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
    throw await describeImageError(thrown, file);
  }
}
