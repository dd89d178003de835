import sharp from 'sharp';
import { describeImageError } from '../images/image-error.ts';

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
    throw await describeImageError(e, req.src, req.maxInputPixels);
  }
}


