/**
 * Width and height from the first 30 bytes of a WebP file, or null when the bytes are not a WebP
 * header we understand. A cache hit reads only this much instead of decoding the thumbnail, and a
 * cache file that fails this check is treated as a miss and rebuilt.
 */
export const WEBP_HEADER_BYTES = 30;

export function webpSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < WEBP_HEADER_BYTES) return null;
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (ascii(bytes, 12, 4)) {
    case 'VP8 ': {
      // Lossy: a key frame carries the start code 9d 01 2a, then 14-bit dimensions.
      if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
      return positive(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
    }
    case 'VP8L': {
      // Lossless: signature 0x2f, then width-1 and height-1 as 14-bit fields.
      if (bytes[20] !== 0x2f) return null;
      const bits = view.getUint32(21, true);
      return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    case 'VP8X': {
      // Extended (alpha, animation, metadata): 24-bit canvas width-1 and height-1.
      return positive(uint24(bytes, 24) + 1, uint24(bytes, 27) + 1);
    }
    default:
      return null;
  }
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function uint24(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
}

function positive(width: number, height: number): { width: number; height: number } | null {
  return width > 0 && height > 0 ? { width, height } : null;
}
