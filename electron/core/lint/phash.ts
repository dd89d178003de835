/*
 * The DCT perceptual hash (pHash) of a 32x32 greyscale sample: its 2-D DCT-II, and one bit for each of
 * the 8x8 lowest frequencies after the constant term: 1 where the coefficient is above their mean. The
 * sharp-phash package computes all 32x32 coefficients and keeps 64 of them; this computes only those
 * 64, each with the same operations in the same order, so given the same greyscale the bits are the same
 * to the last one (phash.test.ts compares the two). A sixteenth of the work: it runs in every 256 px
 * thumbnail. The greyscale is sample.ts's lumaOf.
 */

/** Side of the greyscale sample. */
const N = 32;
/** Side of the block of frequencies the bits come from. */
const LOW = 8;
/** COS[k][n] = cos((2k + 1) n pi / 2N): the DCT-II basis, sample k, frequency n. */
const COS: readonly Float64Array[] = Array.from({ length: N }, (_, k) => Float64Array.from({ length: N }, (_, n) => Math.cos(((2 * k + 1) / (2.0 * N)) * n * Math.PI)));

/** The 64 bits of a 32x32 greyscale sample, frequencies (u, v) in u-major order, as '0'/'1' characters. */
export function phashBits(grey: Uint8Array): string {
  if (grey.length !== N * N) throw new Error(`phashBits: expected a ${N}x${N} greyscale sample, got ${grey.length} bytes`);
  const coefficients = new Float64Array(LOW * LOW);
  let total = 0;
  for (let u = 1; u <= LOW; u++) {
    for (let v = 1; v <= LOW; v++) {
      // Summed over the sample x (i) then y (j), each term (basis x basis) x pixel, as the reference does.
      let sum = 0;
      for (let i = 0; i < N; i++) {
        const cu = COS[i]![u]!;
        for (let j = 0; j < N; j++) sum += cu * COS[j]![v]! * grey[N * j + i]!;
      }
      // The DCT's normalisation, sqrt(1/2) for a zero frequency and 1 otherwise, over 4: these are never zero.
      sum *= 1 / 4;
      coefficients[(u - 1) * LOW + (v - 1)] = sum;
      total += sum;
    }
  }
  const mean = total / (LOW * LOW);
  let bits = '';
  for (const c of coefficients) bits += c > mean ? '1' : '0';
  return bits;
}
