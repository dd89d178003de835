/**
 * An ESTIMATE of how many CLIP BPE tokens a caption line costs, for the "42 / 75 tokens" hint in the
 * renderer and for the lint when the vocabulary (shipped in models/clip/) cannot be read.
 *
 * The real count needs CLIP's 49,408-entry merge table (./bpe.ts), 1.3 MB to load. What we can copy
 * exactly is the cleaning (./clean.ts: ftfy, lowercase) and the pre-tokenizer, which splits with
 *   's|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
 * so every digit is its own piece and punctuation runs are separate from words. Only the step after
 * that (BPE inside each piece) is guessed:
 * - a word of up to 8 letters is one token: the vocabulary holds the common English words and booru
 *   words (`girl`, `smile`, `kneeling`, `indoors`); beyond that, one more token per 6 letters, which
 *   fits compounds such as `thighhighs` (thigh+highs) and `photorealistic` (photo+realistic);
 * - a word in a non-Latin script costs one token per character (byte-level BPE rarely merges those);
 * - a digit, a contraction and each punctuation character cost one token (`,` `(` `)` `_` are
 *   single-character vocabulary entries).
 * Invented trigger words (`ohwx`) usually cost two real tokens but are counted as one: the estimate
 * errs low there and slightly high on long common words (`background`), so treat it as +/- 10 %.
 * The 75 is CLIP's 77-token window minus the BOS and EOS tokens.
 */
import { cleanClipText } from './clean.ts';

export const CLIP_TOKEN_LIMIT = 75;

// Same alternatives and order as CLIP's pre-tokenizer (special tokens left out: captions never hold them).
const PIECE = /'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;
const NON_LATIN = /[^\p{Script=Latin}]/u;

const SHORT_WORD = 8;
const LETTERS_PER_EXTRA_TOKEN = 6;

export function estimateClipTokens(text: string): number {
  let count = 0;
  for (const match of cleanClipText(text).matchAll(PIECE)) {
    count += pieceCost(match[0]);
  }
  return count;
}

function pieceCost(piece: string): number {
  const first = piece.codePointAt(0)!;
  const ch = String.fromCodePoint(first);
  if (piece.startsWith("'") && piece.length <= 3 && /^'\p{L}/u.test(piece)) return 1;
  if (/\p{L}/u.test(ch)) return wordCost(piece);
  if (/\p{N}/u.test(ch)) return 1;
  return [...piece].length;
}

function wordCost(word: string): number {
  const letters = [...word].length;
  if (NON_LATIN.test(word)) return letters;
  if (letters <= SHORT_WORD) return 1;
  return 1 + Math.ceil((letters - SHORT_WORD) / LETTERS_PER_EXTRA_TOKEN);
}
