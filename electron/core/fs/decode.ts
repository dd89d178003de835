import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';

// ignoreBOM: true keeps a leading BOM as U+FEFF in the text, so encoding the text gives back the
// exact bytes that were read; fatal: true makes invalid bytes an error instead of U+FFFD, because a
// silently replaced byte would be written back as EF BF BD and the original could never be recovered.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeCaption(bytes: Uint8Array): Result<string, AppError> {
  try {
    return ok(decoder.decode(bytes));
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    return err({ kind: 'invalid-utf8', message: `not valid UTF-8 (first invalid byte at offset ${at})` });
  }
}

export function encodeCaption(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** Lone surrogates cannot be encoded as UTF-8 (they would become U+FFFD), so such text is refused. */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(text);
}

/**
 * Offset of the first byte that starts an invalid sequence, following the same rules as the WHATWG
 * decoder (no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequences).
 * Only runs after the fast decoder has already failed. Returns bytes.length if everything is valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return n;
}
