import { JobError } from '../workers/protocol.ts';
import { colourGrid } from './colour-grid.ts';
import { phashBits } from './phash.ts';
import { lumaOf, sampleRgb } from './sample.ts';

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
 * The hash lint uses, of a thumbnail's decoded pixels (8-bit, upright, first frame, about 256 px), in
 * the job that renders the thumbnail, so the source is decoded once for both. The pixels are the ones
 * before the WebP encoding: hashing the lossy file instead moved a re-encoded copy's hash 3 bits
 * further away. Transparency is flattened onto white (sample.ts): a pHash alone would hash transparent
 * pixels as whatever colour they happen to hide, and give every one-colour image a meaningless hash.
 */
export function hashPixels(pixels: Uint8Array, width: number, height: number, channels: number): ImageHash {
  const rgb = sampleRgb(pixels, width, height, channels, SAMPLE);
  const flat = flatColour(rgb);
  if (flat) return { kind: 'flat', colour: flat };
  return { kind: 'phash', hex: bitsToHex(phashBits(lumaOf(rgb))), colours: colourGrid(rgb, SAMPLE) };
}

/** '#rrggbb' (quantised) when every channel of the sample varies by at most FLAT_SPREAD, else null. */
function flatColour(rgb: Uint8Array): string | null {
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

