/*
 * The second opinion on "same picture". A perceptual hash sees only the coarse brightness layout,
 * so pictures that share a layout (one template in other colours, a subject drawn at another size
 * on the same background) hash alike: on a 300-image set 171 different images were one "picture".
 * The colour grid keeps what the hash throws away: the mean colour of each cell of an 8x8 grid over
 * the same 32x32 sample the hash reads (so it costs no extra decode). Two images are the same
 * picture only when the hashes are close AND no cell differs much in colour.
 *
 * Measured on generated pictures (same-picture.test.ts has the cases): resized and re-encoded
 * copies (JPEG down to quality 10 at 30% size, WebP 40, nearest-neighbour halving) keep every cell
 * within 32 of the original (Euclidean RGB, 0-441); a recoloured layout differs by 180 or more in
 * some cell, the same layout with a smaller subject or on a wider canvas by 75 or more.
 */

/** Cells per side. */
export const GRID = 8;
/** Bytes of one grid: GRID² cells of R, G, B means. */
export const GRID_BYTES = GRID * GRID * 3;
/** Largest colour difference of one cell (Euclidean distance of the RGB means) between copies of one picture. */
export const COLOUR_TOLERANCE = 48;

/** The grid of a `side`x`side` 8-bit RGB sample, as base64 (256 characters). */
export function colourGrid(rgb: Uint8Array, side: number): string {
  if (rgb.length !== side * side * 3 || side % GRID !== 0) throw new Error(`colourGrid: expected a ${side}x${side} RGB sample divisible into ${GRID}x${GRID} cells`);
  const cell = side / GRID;
  const sums = new Uint32Array(GRID_BYTES);
  for (let y = 0; y < side; y++) {
    const row = Math.floor(y / cell) * GRID;
    for (let x = 0; x < side; x++) {
      const at = (row + Math.floor(x / cell)) * 3;
      const px = (y * side + x) * 3;
      sums[at]! += rgb[px]!;
      sums[at + 1]! += rgb[px + 1]!;
      sums[at + 2]! += rgb[px + 2]!;
    }
  }
  const area = cell * cell;
  return Buffer.from(sums.map((s) => Math.round(s / area))).toString('base64');
}

/** Decodes a grid for repeated comparison; null when it is not one (a damaged cache entry, say). */
export function decodeGrid(base64: string): Uint8Array | null {
  const bytes = Buffer.from(base64, 'base64');
  return bytes.length === GRID_BYTES ? new Uint8Array(bytes) : null;
}

/** The largest colour difference of any one cell (0-441). */
export function gridDistance(a: Uint8Array, b: Uint8Array): number {
  let worst = 0;
  for (let i = 0; i < GRID_BYTES; i += 3) {
    const dr = a[i]! - b[i]!;
    const dg = a[i + 1]! - b[i + 1]!;
    const db = a[i + 2]! - b[i + 2]!;
    const d = dr * dr + dg * dg + db * db;
    if (d > worst) worst = d;
  }
  return Math.sqrt(worst);
}
