/*
 * The 32x32 sample lint's hash and colour grid read, made in plain code from a thumbnail's pixels.
 * Two more libvips pipelines (flatten and resize, then greyscale) cost ~2.5 ms of every hash, a
 * fifth of its job.
 */

/**
 * Shrunk the way libvips shrinks: blocks of whole pixels averaged first, down to about twice the size,
 * then a Lanczos-3 kernel for the rest. A plain mean of each cell's block would make the hash jump as
 * a sharp edge moves across a block's border in a resized copy.
 */
export function sampleRgb(pixels: Uint8Array, width: number, height: number, channels: number, side: number): Uint8Array {
  if (!(channels >= 1 && channels <= 4) || pixels.length !== width * height * channels || width < 1 || height < 1) {
    throw new Error(`sampleRgb: ${pixels.length} bytes are not a ${width}x${height} image of ${channels} channels`);
  }
  const bx = Math.max(1, Math.floor(width / side / 2));
  const by = Math.max(1, Math.floor(height / side / 2));
  const blocks = blockMeans(pixels, width, height, channels, bx, by);
  const w = Math.ceil(width / bx);
  const h = Math.ceil(height / by);
  // Rows first (h x side), then columns (side x side).
  const across = convolve(blocks, h, w, 1, w * 3, kernelFor(w, side));
  const down = convolve(across, side, h, side * 3, 3, kernelFor(h, side));
  const out = new Uint8Array(side * side * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(down[i]!)));
  return out;
}

/**
 * The mean RGB of each bx x by block (the last ones may be smaller), grey spread to three channels and
 * transparency flattened onto white, as a JPEG copy of a cut-out usually is.
 */
function blockMeans(pixels: Uint8Array, width: number, height: number, channels: number, bx: number, by: number): Float64Array {
  const w = Math.ceil(width / bx);
  const h = Math.ceil(height / by);
  const sums = new Float64Array(w * h * 3);
  const grey = channels <= 2;
  const alpha = channels === 2 || channels === 4;
  const g1 = grey ? 0 : 1;
  const b2 = grey ? 0 : 2;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / by) * w * 3;
    for (let cx = 0; cx < w; cx++) {
      const end = Math.min(width, (cx + 1) * bx);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let at = (y * width + cx * bx) * channels, stop = (y * width + end) * channels; at < stop; at += channels) {
        if (alpha) {
          const a = pixels[at + channels - 1]! / 255;
          const white = 255 * (1 - a);
          r += pixels[at]! * a + white;
          g += pixels[at + g1]! * a + white;
          b += pixels[at + b2]! * a + white;
        } else {
          r += pixels[at]!;
          g += pixels[at + g1]!;
          b += pixels[at + b2]!;
        }
      }
      const cell = row + cx * 3;
      sums[cell]! += r;
      sums[cell + 1]! += g;
      sums[cell + 2]! += b;
    }
  }
  // Sums into means: the last block of a row or column may be smaller.
  for (let cy = 0; cy < h; cy++) {
    const rows = Math.min(by, height - cy * by);
    for (let cx = 0; cx < w; cx++) {
      const area = rows * Math.min(bx, width - cx * bx);
      for (let c = 0; c < 3; c++) sums[(cy * w + cx) * 3 + c]! /= area;
    }
  }
  return sums;
}

interface Kernel {
  /** Per output pixel: the first input pixel it reads. */
  first: Int32Array;
  /** Per output pixel: `taps` weights (adding up to 1), zero past the image's edge. */
  weights: Float64Array;
  taps: number;
}

/**
 * One axis of a separable resample: `lines` lines of `n` RGB pixels (`step` apart along the axis,
 * `stride` between lines) into lines of kernel.first.length pixels, laid out side by side.
 */
function convolve(src: Float64Array, lines: number, n: number, step: number, stride: number, kernel: Kernel): Float64Array {
  const size = kernel.first.length;
  const out = new Float64Array(lines * size * 3);
  // Output layout: for rows, line-major (line * size + o); for columns, o-major (o * lines + line).
  const rows = step === 1;
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < size; o++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const first = kernel.first[o]!;
      const end = Math.min(kernel.taps, n - first);
      for (let k = 0; k < end; k++) {
        const wk = kernel.weights[o * kernel.taps + k]!;
        const at = rows ? line * stride + (first + k) * 3 : (first + k) * step + line * stride;
        r += src[at]! * wk;
        g += src[at + 1]! * wk;
        b += src[at + 2]! * wk;
      }
      const to = (rows ? line * size + o : o * lines + line) * 3;
      out[to] = r;
      out[to + 1] = g;
      out[to + 2] = b;
    }
  }
  return out;
}

/** Lanczos, a = 3: libvips's default kernel for the last step of a shrink. */
const LOBES = 3;
function lanczos(x: number): number {
  if (x === 0) return 1;
  if (x <= -LOBES || x >= LOBES) return 0;
  const px = Math.PI * x;
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px);
}

/** Kernels by input and output length: thumbnails come in a few sizes, so these repeat. */
const kernels = new Map<string, Kernel>();

/**
 * The kernel from n pixels to `side`, stretched by the shrink factor so that every input pixel counts;
 * enlarging (a 16 px thumbnail) interpolates.
 */
function kernelFor(n: number, side: number): Kernel {
  const key = `${n}:${side}`;
  const known = kernels.get(key);
  if (known) return known;
  const scale = n / side;
  const stretch = Math.max(1, scale);
  const reach = LOBES * stretch;
  const taps = Math.ceil(2 * reach) + 1;
  const first = new Int32Array(side);
  const weights = new Float64Array(side * taps);
  for (let o = 0; o < side; o++) {
    const centre = (o + 0.5) * scale;
    const from = Math.max(0, Math.floor(centre - reach));
    const to = Math.min(n, Math.ceil(centre + reach), from + taps);
    let total = 0;
    for (let i = from; i < to; i++) total += weights[o * taps + i - from] = lanczos((i + 0.5 - centre) / stretch);
    for (let k = 0; k < to - from; k++) weights[o * taps + k]! /= total;
    first[o] = from;
  }
  const kernel = { first, weights, taps };
  if (kernels.size > 64) kernels.clear();
  kernels.set(key, kernel);
  return kernel;
}

/** sRGB to linear light, per 8-bit value. */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/**
 * Greyscale as libvips makes it (what the hashes were computed from before): the luminance of the
 * linear-light colour, gamma-encoded again. Within 1 of libvips for every pixel (sample.test.ts).
 */
export function lumaOf(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++) {
    const y = 0.2126 * LINEAR[rgb[i * 3]!]! + 0.7152 * LINEAR[rgb[i * 3 + 1]!]! + 0.0722 * LINEAR[rgb[i * 3 + 2]!]!;
    const c = y <= 0.0031308 ? y * 12.92 : 1.055 * y ** (1 / 2.4) - 0.055;
    out[i] = Math.min(255, Math.max(0, Math.round(c * 255)));
  }
  return out;
}
