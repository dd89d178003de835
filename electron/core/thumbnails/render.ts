import path from 'node:path';
import sharp from 'sharp';
import { JobError, firstLine } from '../workers/protocol.ts';

export interface RenderRequest {
  src: string;
  /** Longest side of the result in pixels. */
  size: number;
  maxInputPixels: number;
}

export interface RenderResult {
  webp: Uint8Array;
  width: number;
  height: number;
}

/**
 * Runs inside a thumbnail worker. Everything that can go wrong with the input becomes a JobError
 * with a kind the UI can act on; the caller owns all cache I/O, so a worker that dies mid-job never
 * leaves a half-written file behind.
 */
export async function renderThumbnail(req: RenderRequest): Promise<RenderResult> {
  try {
    const { data, info } = await sharp(req.src, {
      limitInputPixels: req.maxInputPixels,
      // First frame only: an animated GIF/WebP would otherwise be decoded in full.
      pages: 1,
      page: 0,
      // Truncated files fail instead of rendering grey bands: trainers choke on them too.
      failOn: 'warning',
    })
      .rotate()
      .resize({ width: req.size, height: req.size, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, alphaQuality: 90, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    // A fresh copy owns its whole ArrayBuffer, so it can be transferred; sharp's buffer may be external
    // memory or a slice of a larger one.
    const webp = new Uint8Array(data.byteLength);
    webp.set(data);
    return { webp, width: info.width, height: info.height };
  } catch (e) {
    throw await classify(e, req);
  }
}

async function classify(thrown: unknown, req: RenderRequest): Promise<JobError> {
  const name = path.basename(req.src);
  const detail = firstLine(thrown instanceof Error ? thrown.message : String(thrown));
  if (/exceeds pixel limit/i.test(detail)) {
    const megapixels = Math.round(req.maxInputPixels / 1e6);
    return new JobError('too-large', `${name}: ${await declaredSize(req.src)}exceeds the ${megapixels} MP input limit`);
  }
  if (/input file is missing/i.test(detail)) return new JobError('not-found', `${name}: file not found`);
  if (/unsupported image format/i.test(detail)) return new JobError('corrupt-image', `${name}: not a recognised image format`);
  return new JobError('corrupt-image', `${name}: image data is corrupt or truncated (${detail})`);
}

/** The header's claimed size, when it can be read, so the message says why the image was refused. */
async function declaredSize(src: string): Promise<string> {
  try {
    const meta = await sharp(src, { limitInputPixels: false }).metadata();
    return meta.width && meta.height ? `${meta.width}x${meta.height} image ` : '';
  } catch {
    return '';
  }
}
