import sharp from 'sharp';
import { DEFAULT_MAX_INPUT_PIXELS, describeImageError } from '../images/image-error.ts';

/**
 * WD14 preprocessing, step for step as SmilingWolf's demo and kohya's tag_images_by_wd14_tagger.py
 * (FACTS.md): composite alpha onto white, pad to a centred white square, resize to S x S (bicubic),
 * RGB -> BGR, float32 0-255, HWC.
 *
 * Choices, and why:
 * - No EXIF rotation. Both references open the file with PIL, which does not apply the orientation
 *   tag, and kohya's trainer loads images the same way: the tagger should describe the pixels the
 *   trainer will see, and match the reference tags.
 * - First frame only for animated files, like PIL.
 * - Embedded ICC profiles are converted to sRGB (sharp's default; PIL ignores them). This only
 *   changes wide-gamut or CMYK files, where feeding raw device values would be the bigger error.
 * - Truncated or damaged files fail instead of being tagged from grey bands.
 * - Padding is done on the decoded pixels, not by sharp: sharp always extends *after* resizing, which
 *   would blend the border differently and place the image up to a pixel off the reference.
 */

export interface PreprocessOptions {
  /** Images declaring more pixels are refused before decoding (decompression bombs). Default 100 MP. */
  maxInputPixels?: number;
}

const WHITE = { r: 255, g: 255, b: 255 };

/** One image as a fresh S*S*3 float32 BGR array (HWC), ready to be one row of a WD14 batch. */
export async function preprocessImage(file: string, size: number, opts: PreprocessOptions = {}): Promise<Float32Array> {
  const out = new Float32Array(size * size * 3);
  await preprocessInto(file, size, out, 0, opts);
  return out;
}

/**
 * Writes image `index` of a batch tensor `[B, S, S, 3]` in place, so a batch is filled without an
 * intermediate copy per image. Throws a JobError ('not-found', 'too-large', 'corrupt-image') whose
 * one-line message starts with the file name.
 */
export async function preprocessInto(file: string, size: number, batch: Float32Array, index: number, opts: PreprocessOptions = {}): Promise<void> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`preprocess: size must be a positive integer, got ${size}`);
  const start = index * size * size * 3;
  if (!Number.isInteger(index) || index < 0 || start + size * size * 3 > batch.length) {
    throw new RangeError(`preprocess: image ${index} does not fit a tensor of ${batch.length} floats at size ${size}`);
  }
  const maxInputPixels = opts.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  let rgb: Buffer;
  try {
    const decoded = await sharp(file, { limitInputPixels: maxInputPixels, pages: 1, page: 0, failOn: 'warning' })
      .flatten({ background: WHITE })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { width, height, channels } = decoded.info;
    if (channels !== 3) throw new Error(`decoded to ${channels} channels, expected 3`);
    const side = Math.max(width, height);
    const square = padToWhiteSquare(decoded.data, width, height);
    rgb = await resizeSquare(square, side, size);
  } catch (e) {
    throw await describeImageError(e, file, maxInputPixels);
  }
  rgbToBgrFloat(rgb, batch, start);
}

/**
 * Centres a packed RGB image on a white square of its longer side; the odd pixel of padding goes to
 * the right or bottom, as the references' `(max - w) // 2` does.
 */
export function padToWhiteSquare(rgb: Buffer, width: number, height: number): Buffer {
  if (width === height) return rgb;
  const side = Math.max(width, height);
  const left = Math.floor((side - width) / 2);
  const top = Math.floor((side - height) / 2);
  const out = Buffer.alloc(side * side * 3, 255);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    rgb.copy(out, ((top + y) * side + left) * 3, y * rowBytes, (y + 1) * rowBytes);
  }
  return out;
}

/**
 * Bicubic (Catmull-Rom, as PIL's BICUBIC) resize of a packed RGB square. Downscaling goes through
 * libvips' reduce, which samples pixel centres like PIL. libvips upsizes with a corner-aligned
 * affine, which would put a small image half a source pixel off the reference; the affine below
 * samples at pixel centres instead, `(x + 0.5) / scale - 0.5`. Its white background only touches
 * the outermost output pixels, where PIL renormalises its kernel instead.
 */
async function resizeSquare(square: Buffer, side: number, size: number): Promise<Buffer> {
  if (side === size) return square;
  const input = sharp(square, { raw: { width: side, height: side, channels: 3 }, limitInputPixels: false });
  if (side > size) return input.resize(size, size, { kernel: 'cubic', fit: 'fill' }).raw().toBuffer();
  const scale = size / side;
  const shift = 0.5 - 0.5 / scale;
  const { data, info } = await input
    .affine([scale, 0, 0, scale], { idx: shift, idy: shift, interpolator: sharp.interpolators.bicubic, background: WHITE })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== size || info.height !== size) throw new Error(`upscaling gave ${info.width}x${info.height}, expected ${size}x${size}`);
  return data;
}

/** Packed RGB bytes -> BGR float32 0-255 (no scaling: the WD14 models normalise internally). */
export function rgbToBgrFloat(rgb: Uint8Array, out: Float32Array, offset: number): void {
  for (let i = 0, o = offset; i < rgb.length; i += 3, o += 3) {
    out[o] = rgb[i + 2]!;
    out[o + 1] = rgb[i + 1]!;
    out[o + 2] = rgb[i]!;
  }
}


