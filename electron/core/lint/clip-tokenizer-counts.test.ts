import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIP_MERGE_COUNT, ClipBpe } from '../../../shared/clip/bpe.ts';
import { SHIPPED_CLIP_VOCAB, loadTokenCounter } from './clip-tokenizer.ts';

/*
 * Token counts of kohya's tokenizer (transformers' CLIPTokenizer with ftfy) with the shipped vocabulary.
 * No Python here to ask, so each row was derived by hand from the algorithm and checked against the file:
 * 1. clean: ftfy (ＡＢＣ -> ABC, ’ -> ', ﬁ -> fi, cafÃ© -> café), whitespace collapsed, lowercase;
 * 2. split: `'s|'t|...|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+` (`1girl` -> `1` `girl`; `^_^` is one piece);
 * 3. BPE per piece, last symbol + `</w>`: the expected tokens are each a merge result among the first
 *    48,894 lines of bpe_simple_vocab_16e6.txt (its line rank noted as @n) or a single byte symbol, and
 *    no two neighbours form a listed merge, so BPE cannot go on. The test re-checks both facts, plus
 *    that the tokens spell the cleaned text, straight from the file, without ClipBpe.
 * Byte symbols: é = C3 A9 = `Ã©`; ツ = E3 83 84 = `ãĥĦ`; 😊 = F0 9F 98 8A = `ðŁĺĬ`.
 */
const PROSE =
  'A woman with long silver hair kneels on a wooden floor beside a red umbrella, looking up at the camera with a soft smile while rain streaks the window behind her.';

const TABLE: readonly [text: string, tokens: readonly string[], why: string][] = [
  ['1girl, solo, long hair', ['1</w>', 'girl</w>', ',</w>', 'solo</w>', ',</w>', 'long</w>', 'hair</w>'], 'digit alone; girl@1099 solo@5285 long@1026 hair@1713'],
  ['^_^', ['^_^</w>'], 'one punctuation piece, merged whole (^_^</w>@15483)'],
  [':3', [':</w>', '3</w>'], 'digits split from punctuation'],
  ['😊', ['ðŁĺĬ</w>'], 'four UTF-8 bytes, one token (@2508)'],
  ['日本語タグ', ['æĹ¥', 'æľ¬', 'èª', 'ŀ', 'ãĤ¿', 'ãĤ', '°</w>'], '日@38609 本@43841, 語 and グ split across tokens; no CJK spacing under ftfy'],
  ['ＡＢＣ', ['abc</w>'], 'fullwidth -> ABC -> abc (abc</w>@4822); 9 byte tokens without the cleaning'],
  ['it’s', ['it</w>', "'s</w>"], "curly -> straight, so `'s` is its own piece (it</w>@73, 's</w>@56)"],
  ['ﬁne', ['fine</w>'], 'ligature split (fine</w>@3285)'],
  ['cafÃ©', ['cafÃ©</w>'], 'mojibake repaired to café (@14792)'],
  ['naïve café', ['na', 'Ã¯', 've</w>', 'cafÃ©</w>'], 'real accents are left alone'],
  ['“quoted”', ['"</w>', 'quoted</w>', '"</w>'], 'curly double quotes straightened'],
  ['(＾▽＾)', ['(', '^', 'âĸ½', '^)</w>'], 'kaomoji: fullwidth ＾ -> ^, one punctuation piece'],
  ['¯\\_(ツ)_/¯', ['Â¯\\_(</w>', 'ãĥĦ</w>', ')_/Â¯</w>'], 'shrug: punctuation runs around a letter'],
  ['hatsune_miku_(cosplay)', ['hat', 'sune</w>', '_</w>', 'miku</w>', '_(</w>', 'cosplay</w>', ')</w>'], 'booru tag with parentheses'],
  ['ｶﾀｶﾅ', ['ãĤ«', 'ãĤ¿', 'ãĤ«', 'ãĥ', 'Ĭ</w>'], 'halfwidth katakana -> カタカナ'],
  ['ﾊﾞｰ', ['ãĥ', 'Ĳ', 'ãĥ¼</w>'], 'ﾊ + ﾞ -> ハ + U+3099, composed by NFC to バ'],
  ['Tom &amp; Jerry', ['tom</w>', '&</w>', 'jerry</w>'], "ftfy's fix_text unescapes HTML (no `<` on the line)"],
  ['ohwx, 1girl', ['ohwx</w>', ',</w>', '1</w>', 'girl</w>'], 'the usual trigger word is one token (@47481)'],
  ['  Long\t\tHAIR \n', ['long</w>', 'hair</w>'], 'whitespace collapsed and stripped, lowercased'],
  [
    PROSE,
    [
      'a</w>', 'woman</w>', 'with</w>', 'long</w>', 'silver</w>', 'hair</w>', 'kne', 'els</w>', 'on</w>', 'a</w>', 'wooden</w>',
      'floor</w>', 'beside</w>', 'a</w>', 'red</w>', 'umbrella</w>', ',</w>', 'looking</w>', 'up</w>', 'at</w>', 'the</w>',
      'camera</w>', 'with</w>', 'a</w>', 'soft</w>', 'smile</w>', 'while</w>', 'rain</w>', 'streaks</w>', 'the</w>',
      'window</w>', 'behind</w>', 'her</w>', '.</w>',
    ],
    'prose: 34 tokens; kneels is kne + els</w>',
  ],
];

let mergesTxt: string;
let bpe: ClipBpe;

beforeAll(() => {
  mergesTxt = gunzipSync(fs.readFileSync(SHIPPED_CLIP_VOCAB)).toString('utf8');
  bpe = ClipBpe.fromMergesOnly(mergesTxt);
});

describe("CLIP token counts with the shipped vocabulary, as kohya's tokenizer counts", () => {
  it.each(TABLE)('%s', (text, tokens) => {
    expect(bpe.tokenize(text)).toEqual(tokens);
    expect(bpe.count(text)).toBe(tokens.length);
  });

  it('every expected row is a BPE end state of the vocabulary file and spells the cleaned text', () => {
    const lines = mergesTxt.split('\n').slice(1, 1 + CLIP_MERGE_COUNT);
    const merged = new Set(lines.map((l) => l.replace(' ', '')));
    const pairs = new Set(lines);
    const decoder = byteDecoder();
    for (const [text, tokens] of TABLE) {
      for (const t of tokens) expect(merged.has(t) || [...t.replace('</w>', '')].length === 1, `${text}: ${t}`).toBe(true);
      for (let i = 0; i + 1 < tokens.length; i++) {
        expect(pairs.has(`${tokens[i]} ${tokens[i + 1]}`), `${text}: ${tokens[i]} + ${tokens[i + 1]} would merge`).toBe(false);
      }
      const bytes = Buffer.from([...tokens.join('').replaceAll('</w>', '')].map((ch) => decoder.get(ch)!));
      expect(bytes.toString('utf8')).toBe(bpe.tokenize(text).length ? spelled(text) : '');
    }
  });

  it('is what the lint counts with, out of the box', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-clip-counts-'));
    try {
      const counter = await loadTokenCounter(root, { hubCache: path.join(root, 'no-hub-cache'), env: {} });
      expect(counter).toMatchObject({ kind: 'clip-bpe', source: SHIPPED_CLIP_VOCAB });
      for (const [text, tokens] of TABLE) expect(counter.countTokens(text), text).toBe(tokens.length);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** The cleaned text without its spaces (BPE tokens carry no spaces), written independently of ClipBpe. */
const CLEANED: Readonly<Record<string, string>> = {
  'ＡＢＣ': 'abc', 'it’s': "it's", 'ﬁne': 'fine', 'cafÃ©': 'café', '“quoted”': '"quoted"', '(＾▽＾)': '(^▽^)',
  'ｶﾀｶﾅ': 'カタカナ', 'ﾊﾞｰ': 'バー', 'Tom &amp; Jerry': 'tom&jerry',
};
const spelled = (text: string): string => CLEANED[text] ?? text.toLowerCase().replace(/\s+/g, '');

/** GPT-2's bytes_to_unicode, inverted: byte symbol -> byte. */
function byteDecoder(): Map<string, number> {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const decoder = new Map<string, number>();
  let shifted = 0;
  for (let b = 0; b < 256; b++) decoder.set(String.fromCharCode(printable(b) ? b : 256 + shifted++), b);
  return decoder;
}
