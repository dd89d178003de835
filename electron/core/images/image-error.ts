import path from 'node:path';
import sharp from 'sharp';
import { firstLine, JobError } from '../workers/protocol.ts';

/** Images declaring more pixels are refused before decoding (decompression bombs). */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/**
 * What went wrong decoding an image with sharp, as one line naming the file, with the kind every
 * image consumer reports (thumbnails, the tagger, image hashes, LLM encoding): 'not-found',
 * 'too-large' or 'corrupt-image'.
 */
export async function describeImageError(thrown: unknown, file: string, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS): Promise<JobError> {
  const name = path.basename(file);
  // libvips sometimes ends its first line with a colon and puts the reason on the next lines.
  const detail = firstLine(thrown instanceof Error ? thrown.message : String(thrown)).replace(/:\s*$/, '');
  if (/input file is missing/i.test(detail)) return new JobError('not-found', `${name}: file not found`);
  if (/exceeds pixel limit/i.test(detail)) {
    return new JobError('too-large', `${name}: ${await declaredSize(file)}exceeds the ${Math.round(maxInputPixels / 1e6)} MP input limit`);
  }
  if (/unsupported image format/i.test(detail)) return new JobError('corrupt-image', `${name}: not a recognised image format`);
  return new JobError('corrupt-image', `${name}: image data is corrupt or truncated (${detail})`);
}

/** The header's claimed size, when it can be read, so the message says why the image was refused. */
async function declaredSize(file: string): Promise<string> {
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    return meta.width && meta.height ? `${meta.width}x${meta.height} image ` : '';
  } catch {
    return '';
  }
}
