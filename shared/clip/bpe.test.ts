import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLIP_END, CLIP_MERGE_COUNT, CLIP_START, ClipBpe } from './bpe.ts';
import { cleanClipText } from './clean.ts';

// A tiny vocabulary whose merges build a few words. Byte symbols: `é` is UTF-8 C3 A9, spelled `Ã©`.
const MERGES = [
  '#version: 0.2',
  'g i', //       0
  'r l</w>', //   1  only at the end of a word
  'gi rl</w>', // 2  -> girl</w>
  'r e', //       3
  're d</w>', //  4  -> red</w>
  "' s</w>", //   5  -> 's</w>
  'Ã ©</w>', //   6  -> é at the end of a word
  'c a', //       7
  'f Ã©</w>', //  8
  'ca fÃ©</w>', // 9 -> café</w>
  'r e</w>', //   10 ranks before `a r`, so `are` is a + re</w>, not ar + e</w>
  'a r', //       11
].join('\n');

// Ids in an arbitrary order, unlike the derived layout, so a test can tell the two apart.
const TOKENS = [
  CLIP_START, CLIP_END, 'girl</w>', 'red</w>', 'gi', 'r', 'l', 's</w>', "'s</w>", 'cafÃ©</w>', 'ca', 'f', 'e</w>',
  'a', 're</w>', 'a</w>', 'r</w>', '1</w>', '2</w>', '0</w>', ',</w>', '!', '?</w>', 'ð', 'Ł', 'ĺ', 'Ģ</w>', 'ç', 'Į', '«</w>',
  'ar', 'e', 'd</w>',
];
const VOCAB = JSON.stringify(Object.fromEntries(TOKENS.map((t, i) => [t, 1000 + i])));
const ids = (...tokens: string[]): number[] =>
  tokens.map((t) => {
    const i = TOKENS.indexOf(t);
    if (i < 0) throw new Error(`test token ${t} is not in TOKENS`);
    return 1000 + i;
  });

const bpe = ClipBpe.fromFiles(VOCAB, MERGES);

describe('ClipBpe.encode', () => {
  it('merges a word into one token by merge rank', () => {
    expect(bpe.encode('girl')).toEqual(ids('girl</w>'));
    expect(bpe.encode('red girl')).toEqual(ids('red</w>', 'girl</w>'));
  });

  it('applies </w> merges only at the end of a word', () => {
    // g i r l s</w>: `r l</w>` cannot apply inside the word, so only `g i` merges
    expect(bpe.encode('girls')).toEqual(ids('gi', 'r', 'l', 's</w>'));
    expect(bpe.encode('a')).toEqual(ids('a</w>'));
  });

  it('merges the lowest-ranked pair first, not the leftmost', () => {
    expect(bpe.encode('are')).toEqual(ids('a', 're</w>'));
  });

  it('merges every occurrence of the chosen pair in one pass', () => {
    expect(bpe.encode('gigir')).toEqual(ids('gi', 'gi', 'r</w>'));
  });

  it('lowercases and collapses any whitespace, including Python-only separators', () => {
    const expected = ids('red</w>', 'girl</w>');
    expect(bpe.encode('  RED\tGirl\n')).toEqual(expected);
    expect(bpe.encode('red\u3000\u00a0\u2028\u000bgirl')).toEqual(expected);
    expect(bpe.encode('   ')).toEqual([]);
  });

  it('cleans the text as ftfy does first: U+FEFF dropped, curly quotes straightened', () => {
    expect(bpe.count('\ufeffred')).toBe(1);
    expect(bpe.encode('GIRL’S')).toEqual(ids('girl</w>', "'s</w>"));
  });

  it('gives every digit its own token and splits punctuation runs from words', () => {
    expect(bpe.encode('1girl')).toEqual(ids('1</w>', 'girl</w>'));
    expect(bpe.encode('20')).toEqual(ids('2</w>', '0</w>'));
    // `!?` is one piece: `!` then `?</w>`; the comma is a piece of its own
    expect(bpe.encode('girl, red!?')).toEqual(ids('girl</w>', ',</w>', 'red</w>', '!', '?</w>'));
  });

  it("splits contractions such as 's from the word", () => {
    expect(bpe.encode("GIRL'S")).toEqual(ids('girl</w>', "'s</w>"));
  });

  it('works on UTF-8 bytes, after NFC', () => {
    expect(bpe.encode('café')).toEqual(ids('cafÃ©</w>'));
    expect(bpe.encode('cafe\u0301')).toEqual(ids('cafÃ©</w>')); // decomposed é composes first
    expect(bpe.encode('CAFÉ')).toEqual(ids('cafÃ©</w>'));
    expect(bpe.encode('cafe')).toEqual(ids('ca', 'f', 'e</w>'));
    // 😀 = F0 9F 98 80; 9F, 98 and 80 are not printable Latin-1, so they move to U+0100 + n
    expect(bpe.encode('😀')).toEqual(ids('ð', 'Ł', 'ĺ', 'Ģ</w>'));
    expect(bpe.encode('猫')).toEqual(ids('ç', 'Į', '«</w>')); // E7 8C AB
  });

  it('keeps the special tokens whole', () => {
    expect(bpe.encode('red<|endoftext|>')).toEqual(ids('red</w>', CLIP_END));
    expect(bpe.encode('<|StartOfText|>girl')).toEqual(ids(CLIP_START, 'girl</w>'));
  });

  it('maps a symbol missing from vocab.json to <|endoftext|>, as Hugging Face does', () => {
    expect(bpe.encode('x')).toEqual(ids(CLIP_END));
  });

  it('counts what it encodes', () => {
    expect(bpe.count('1girl, red hair')).toBe(bpe.encode('1girl, red hair').length);
    // Letters the merges use, separators the cleaner handles, specials, and any code point (lone surrogates too).
    const unit = fc.oneof(
      fc.constantFrom('g', 'i', 'r', 'l', 'e', 'd', 'a', 'é', ' ', '\u3000', '\ufeff', "'s", ',', CLIP_END),
      fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (text) => bpe.count(text) === bpe.encode(text).length));
  });
});

describe('ClipBpe.fromMergesOnly', () => {
  // The 256 byte symbols in simple_tokenizer.py's order: printable Latin-1, then U+0100.. for the other 68 bytes.
  const range = (from: number, to: number): string[] =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
  const byteSymbols = [...range(0x21, 0x7e), ...range(0xa1, 0xac), ...range(0xae, 0xff), ...range(0x100, 0x143)];

  it('derives the same ids as the explicit vocabulary laid out like CLIP', () => {
    const merges = MERGES.split('\n').slice(1).map((line) => line.replace(' ', ''));
    const layout = [...byteSymbols, ...byteSymbols.map((s) => `${s}</w>`), ...merges, CLIP_START, CLIP_END];
    const explicit = ClipBpe.fromFiles(JSON.stringify(Object.fromEntries(layout.map((t, i) => [t, i]))), MERGES);
    const derived = ClipBpe.fromMergesOnly(MERGES);
    for (const text of ['girl', 'girls', 'red, café! 1girl', '😀 猫 x', "are girl's <|endoftext|>"]) {
      expect(derived.encode(text)).toEqual(explicit.encode(text));
    }
  });

  // A merge that can never apply: nothing follows an end-of-word symbol inside a word.
  const NO_MERGES = '#version: 0.2\n!</w> !';

  it("gives CLIP's ids to byte tokens and specials", () => {
    const derived = ClipBpe.fromMergesOnly(NO_MERGES);
    expect(derived.encode('a')).toEqual([320]); // `a</w>`, 320 in CLIP too
    expect(derived.encode('!')).toEqual([256]);
    expect(derived.encode('😀')).toEqual([172, 253, 246, 256 + 222]);
    expect(derived.encode('<|startoftext|><|endoftext|>')).toEqual([513, 514]); // after 512 byte tokens and 1 merge
  });

  it('costs one token per UTF-8 byte when there are no merges', () => {
    const bytesOnly = ClipBpe.fromMergesOnly(NO_MERGES);
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const visible = cleanClipText(text).replaceAll(' ', '');
        return bytesOnly.count(text) === utf8.encode(visible).length;
      }),
    );
  });

  it("reads openai's header and uses only CLIP's first 48,894 merges", () => {
    const filler = Array.from({ length: CLIP_MERGE_COUNT }, (_, i) => `${i}x ${i}y`);
    const openai = ['"bpe_simple_vocab_16e6.txt#version: 0.2', ...filler, 'g i'].join('\n');
    expect(ClipBpe.fromMergesOnly(openai).count('gir')).toBe(3); // g i r</w>: `g i` is merge 48,895
    expect(ClipBpe.fromMergesOnly(['#version: 0.2', 'g i'].join('\n')).count('gir')).toBe(2);
  });

  it('keeps a first line that is not a header, and reads CRLF files', () => {
    expect(ClipBpe.fromMergesOnly('g i\r\ng i</w>\r\n').count('gigi')).toBe(2);
  });
});

describe('broken vocabularies', () => {
  it.each([
    ['invalid JSON', '{"a": 1', MERGES, /not valid JSON/],
    ['an array', '["a"]', MERGES, /not an object/],
    ['a fractional id', '{"a": 1.5}', MERGES, /not a whole number/],
    ['no special tokens (another tokenizer)', '{"a": 1}', MERGES, /not CLIP's/],
    ['a merge line with three symbols', VOCAB, '#version: 0.2\ng i r', /line 2/],
    ['no merges', VOCAB, '#version: 0.2\n', /empty/],
  ])('throws one line for %s', (_name, vocab, merges, message) => {
    expect(() => ClipBpe.fromFiles(vocab, merges)).toThrow(message);
  });
});
