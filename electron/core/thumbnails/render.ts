import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { describeImageError } from '../images/image-error.ts';
import { hashPixels } from '../lint/image-hash.ts';
import type { ImageHash } from '../lint/image-hash.ts';

export interface RenderRequest {
  src: string;
  /** Longest side of the result in pixels. */
  size: number;
  maxInputPixels: number;
  /** Also hash the thumbnail (lint's perceptual hash), so the source is decoded once for both. */
  hash?: boolean;
  /** False: the hash only, of the pixels the thumbnail has (it is cached already); nothing is encoded. */
  webp?: boolean;
}

export interface RenderResult {
  /** Null when the request asked for the hash only. */
  webp: Uint8Array | null;
  width: number;
  height: number;
  hash?: ImageHash;
}

/**
 * Runs inside a thumbnail worker. Everything that can go wrong with the input becomes a JobError
 * with a kind the UI can act on; the caller owns all cache I/O, so a worker that dies mid-job never
 * leaves a half-written file behind.
 */
export async function renderThumbnail(req: RenderRequest): Promise<RenderResult> {
  // resize() right after the decode lets libvips shrink on load (JPEG DCT scaling, WebP scaled
  // decode): a 6 MP JPEG is decoded at 1/4 or 1/8 size, never in full. rotate() does not stop it.
  const decode = () =>
    sharp(req.src, {
      limitInputPixels: req.maxInputPixels,
      // First frame only: an animated GIF/WebP would otherwise be decoded in full.
      pages: 1,
      page: 0,
      // Truncated files fail instead of rendering grey bands: trainers choke on them too.
      failOn: 'warning',
    })
      .rotate()
      .resize({ width: req.size, height: req.size, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .toColourspace('srgb');
  if (!req.hash && req.webp !== false) {
    // The grid's case: one pipeline from the file to the WebP, no raw copy in between.
    try {
      const { data, info } = await decode().webp(WEBP).toBuffer({ resolveWithObject: true });
      return { webp: owned(data), width: info.width, height: info.height };
    } catch (e) {
      throw await describeImageError(e, req.src, req.maxInputPixels);
    }
  }
  let pixels: Buffer;
  let info: OutputInfo;
  try {
    // The pixels are kept (raw) so that the WebP and lint's hash are both made from them.
    ({ data: pixels, info } = await decode().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } catch (e) {
    throw await describeImageError(e, req.src, req.maxInputPixels);
  }
  const raw = { width: info.width, height: info.height, channels: info.channels };
  // Both from the same pixels; the hash is plain code over them (a tenth of the encoding's time).
  const hash = hashPixels(pixels, info.width, info.height, info.channels);
  if (req.webp === false) return { webp: null, width: info.width, height: info.height, hash };
  const data = await sharp(pixels, { raw }).webp(WEBP).toBuffer();
  return { webp: owned(data), width: info.width, height: info.height, hash };
}

// effort 2 rather than 4: about a fifth less encoding time at this size for a few percent more bytes.
const WEBP = { quality: 80, alphaQuality: 90, effort: 2 } as const;

/**
 * A fresh copy owns its whole ArrayBuffer, so it can be transferred; sharp's buffer may be external
 * memory or a slice of a larger one.
 */
function owned(data: Buffer): Uint8Array {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}
