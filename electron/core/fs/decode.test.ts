import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCaption, encodeCaption, firstInvalidUtf8Offset, isWellFormedText } from './decode.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decodeCaption / encodeCaption', () => {
  it.each([
    ['plain', 'ohwx, 1girl, solo'],
    ['BOM kept as U+FEFF', '\uFEFFohwx, 1girl'],
    ['CRLF and second line', 'a, b\r\nsecond line\r\n'],
    ['no trailing newline', 'tag'],
    ['unicode and kaomoji', 'hatsune_miku_(cosplay), ^_^, 日本語, 🐢'],
    ['empty', ''],
  ])('round-trips %s byte for byte', (_name, text) => {
    const enc = Buffer.from(text, 'utf8');
    const dec = decodeCaption(enc);
    expect(dec).toEqual({ ok: true, value: text });
    expect(encodeCaption(text).equals(enc)).toBe(true);
  });

  it('keeps a BOM in the text rather than stripping it', () => {
    const res = decodeCaption(bytes(0xef, 0xbb, 0xbf, 0x61));
    expect(res.ok && res.value.charCodeAt(0)).toBe(0xfeff);
  });

  it.each([
    ['stray continuation', bytes(0x61, 0x62, 0x63, 0x80), 3],
    ['0xff', bytes(0x61, 0xff), 1],
    ['overlong NUL', bytes(0xc0, 0x80), 0],
    ['overlong 3-byte', bytes(0x41, 0xe0, 0x80, 0xaf), 1],
    ['UTF-16 surrogate', bytes(0x61, 0x61, 0xed, 0xa0, 0x80), 2],
    ['above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['truncated at end', bytes(0x61, 0xe2, 0x82), 1],
    ['latin-1 é', Buffer.from('caf\xe9', 'latin1'), 3],
  ])('reports %s as invalid-utf8 with the offset', (_name, input, offset) => {
    const res = decodeCaption(input);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.kind).toBe('invalid-utf8');
      expect(res.error.message).toContain(`offset ${offset}`);
    }
  });

  it('property: any bytes either decode and re-encode identically, or fail at an offset whose prefix is valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        const res = decodeCaption(input);
        if (res.ok) {
          expect(Buffer.compare(encodeCaption(res.value), input)).toBe(0);
        } else {
          const at = firstInvalidUtf8Offset(input);
          expect(at).toBeLessThan(input.length);
          expect(decodeCaption(input.subarray(0, at)).ok).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every well-formed string round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const enc = encodeCaption(text);
        expect(decodeCaption(enc)).toEqual({ ok: true, value: text });
        expect(firstInvalidUtf8Offset(enc)).toBe(enc.length);
      }),
    );
  });

  it('flags lone surrogates, which UTF-8 cannot carry', () => {
    expect(isWellFormedText('a\uD83D\uDC22b')).toBe(true);
    expect(isWellFormedText('a\uD83Db')).toBe(false);
    expect(isWellFormedText('\uDC22')).toBe(false);
  });
});
