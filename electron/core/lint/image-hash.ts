import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { describeImageError } from '../images/image-error.ts';
import { JobError } from '../workers/protocol.ts';
import { colourGrid } from './colour-grid.ts';
import { phashBits } from './phash.ts';

export interface HashRequest {
  src: string;
  /** Images declaring more pixels are refused before decoding (decompression bombs). */
  maxInputPixels: number;
}

/**
 * A picture's fingerprint. `phash`: the 64-bit DCT perceptual hash as 16 hex digits, which survives
 * resizing and re-encoding, and `colours`, the 8x8 colour grid (colour-grid.ts) that tells apart
 * pictures sharing a layout, which the greyscale hash cannot. `flat`: an image of one colour, whose
 * DCT has no structure to hash (every flat image would get the same or a random hash), so it is
 * compared by its colour instead.
 */
export type ImageHash = { kind: 'phash'; hex: string; colours: string } | { kind: 'flat'; colour: string };

/** pHash reads a 32x32 greyscale image (phash.ts); we hand it exactly that size. */
const SAMPLE = 32;
/** Per-channel spread (0-255) of the 32x32 sample at or below which an image counts as one colour. */
const FLAT_SPREAD = 4;
/** Flat colours are compared at this step, so a re-encoded copy lands on the same value. */
const COLOUR_STEP = 8;

/**
 * Runs inside an image-hash worker. The decoding is ours (first frame, EXIF rotation, the pixel
 * limit, transparency flattened onto white the way a JPEG copy of a PNG usually is) and phash.ts
 * hashes the 32x32 result. A pHash alone would hash transparent pixels as whatever colour they
 * happen to hide, and give every one-colour image a meaningless hash.
 */
export async function hashImage(req: HashRequest): Promise<ImageHash> {
  let rgb: Buffer;
  try {
    rgb = await sample(sharp(req.src, { limitInputPixels: req.maxInputPixels, pages: 1, page: 0, failOn: 'warning' }).rotate());
  } catch (e) {
    throw await describeImageError(e, req.src, req.maxInputPixels);
  }
  return hashSample(rgb);
}

/**
 * The hash lint uses: of a thumbnail's pixels (upright, first frame, about 256 px), in the job that
 * renders the thumbnail, so the source is decoded once for both. The pixels are the ones before the
 * WebP encoding: hashing the lossy file instead moved a re-encoded copy's hash 3 bits further away.
 */
export async function hashDecoded(img: Sharp): Promise<ImageHash> {
  return hashSample(await sample(img));
}

async function sample(img: Sharp): Promise<Buffer> {
  return (
    img
      .flatten({ background: '#ffffff' })
      .resize(SAMPLE, SAMPLE, { fit: 'fill' })
      .removeAlpha()
      // Grey, CMYK and 16-bit sources all become 8-bit RGB, the layout flatColour and the raw input below assume.
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer()
  );
}

async function hashSample(rgb: Buffer): Promise<ImageHash> {
  const flat = flatColour(rgb);
  if (flat) return { kind: 'flat', colour: flat };
  const bits = await phashBits(rgb, SAMPLE, SAMPLE);
  return { kind: 'phash', hex: bitsToHex(bits), colours: colourGrid(rgb, SAMPLE) };
}

/** '#rrggbb' (quantised) when every channel of the sample varies by at most FLAT_SPREAD, else null. */
function flatColour(rgb: Buffer): string | null {
  const min = [255, 255, 255];
  const max = [0, 0, 0];
  const sum = [0, 0, 0];
  for (let i = 0; i < rgb.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const v = rgb[i + c]!;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
      sum[c]! += v;
    }
  }
  if ([0, 1, 2].some((c) => max[c]! - min[c]! > FLAT_SPREAD)) return null;
  const pixels = rgb.length / 3;
  const hex = sum.map((s) => {
    const q = Math.min(255, Math.round(s / pixels / COLOUR_STEP) * COLOUR_STEP);
    return q.toString(16).padStart(2, '0');
  });
  return `#${hex.join('')}`;
}

function bitsToHex(bits: string): string {
  if (!/^[01]{64}$/.test(bits)) throw new JobError('hash-failed', `pHash returned an unexpected hash (${bits.length} characters)`);
  let hex = '';
  for (let i = 0; i < 64; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

