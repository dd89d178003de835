/**
 * CLIP's real tokenizer as kohya sd-scripts runs it (transformers' `CLIPTokenizer` with ftfy), used to
 * count a caption line's tokens exactly. The vocabulary ships in models/clip/; without it the line is
 * estimated (./estimate.ts).
 *
 * Steps, as the reference does them:
 * 1. clean (./clean.ts): ftfy's fix_text, every whitespace run to one space, strip, lowercase;
 * 2. split with the pre-tokenizer regex (PIECE below: digits alone, punctuation runs apart from words);
 * 3. turn each piece's UTF-8 bytes into printable characters (`bytes_to_unicode`), so every string
 *    is spelled with 256 base symbols and a space can never appear inside a symbol;
 * 4. BPE inside the piece: its last symbol carries `</w>` (end of word), then the adjacent pair with
 *    the lowest merge rank is merged everywhere, again and again, until no ranked pair is left.
 *
 * Not followed: openai's simple_tokenizer.py, which unescapes HTML twice more, and transformers'
 * tokenizer without ftfy installed (BERT's basic tokenizer; spaces around CJK ideographs).
 */

import { cleanClipText } from './clean.ts';

export const CLIP_START = '<|startoftext|>';
export const CLIP_END = '<|endoftext|>';
const END_OF_WORD = '</w>';

/** CLIP keeps only this many merges: 49,152 - 256 byte symbols - 2 specials, so the vocabulary is 49,408. */
export const CLIP_MERGE_COUNT = 49152 - 256 - 2;

// The reference's `\s` here (Python `regex`) is White_Space; JS `\s` would also take U+FEFF, which CLIP keeps.
const PIECE = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\p{White_Space}\p{L}\p{N}]+/gu;

/** Words are few in a dataset, but a long-running app sees many datasets: forget them all past this. */
const MAX_CACHED_WORDS = 100_000;

/**
 * GPT-2/CLIP `bytes_to_unicode`: printable Latin-1 bytes stand for themselves, the other 68 (controls,
 * space, soft hyphen...) are moved to U+0100 onwards in byte order. `order` is the reference's dict
 * order (printable bytes first), which is also the order of the first 256 ids of a derived vocabulary.
 */
function bytesToUnicode(): { byByte: string[]; order: string[] } {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const byByte: string[] = [];
  const shifted: string[] = [];
  for (let b = 0; b < 256; b++) {
    if (printable(b)) {
      byByte.push(String.fromCharCode(b));
    } else {
      byByte.push(String.fromCharCode(256 + shifted.length));
      shifted.push(byByte[b]!);
    }
  }
  return { byByte, order: [...byByte.filter((_, b) => printable(b)), ...shifted] };
}

const BYTE_SYMBOLS = bytesToUnicode();

/** The piece's UTF-8 bytes as byte symbols (written out by hand: this layer has no TextEncoder). */
function byteSymbols(piece: string): string {
  let out = '';
  const push = (b: number): void => {
    out += BYTE_SYMBOLS.byByte[b]!;
  };
  for (const ch of piece) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate encodes as U+FFFD, as TextEncoder does
    if (cp < 0x80) {
      push(cp);
    } else if (cp < 0x800) {
      push(0xc0 | (cp >> 6));
      push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      push(0xe0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    } else {
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

/**
 * The merge pairs in rank order. Line 1 is a header in both formats (`#version: 0.2` in Hugging Face's
 * merges.txt, `"bpe_simple_vocab_16e6.txt#version: 0.2` in openai's file) and is skipped; openai's file
 * lists far more merges than CLIP was trained with, so only the first CLIP_MERGE_COUNT count.
 */
function parseMerges(mergesTxt: string): [string, string][] {
  const lines = mergesTxt.trimEnd().split('\n');
  const first = lines[0]?.includes('#version') ? 1 : 0;
  const merges: [string, string][] = [];
  for (let i = first; i < lines.length && merges.length < CLIP_MERGE_COUNT; i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    if (parts.length !== 2) {
      throw new Error(`merges line ${i + 1} is not two symbols separated by a space: "${lines[i]!.slice(0, 40)}"`);
    }
    merges.push([parts[0]!, parts[1]!]);
  }
  if (merges.length === 0) throw new Error('merges list is empty');
  return merges;
}

function parseVocab(vocabJson: string): Map<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(vocabJson);
  } catch (e) {
    throw new Error(`vocab.json is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('vocab.json is not an object of token -> id');
  }
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(parsed)) {
    if (!Number.isInteger(id) || (id as number) < 0) throw new Error(`vocab.json gives "${token}" the id ${JSON.stringify(id)}, not a whole number`);
    vocab.set(token, id as number);
  }
  return vocab;
}

const pairKey = (a: string, b: string): string => `${a} ${b}`;

export class ClipBpe {
  private readonly ranks: Map<string, number>;
  /** Id for a symbol the vocabulary lacks; Hugging Face's CLIP `unk_token` is `<|endoftext|>`. */
  private readonly unknownId: number;
  private readonly words = new Map<string, readonly string[]>();

  private constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    merges: readonly [string, string][],
  ) {
    this.ranks = new Map(merges.map(([a, b], rank) => [pairKey(a, b), rank]));
    for (const special of [CLIP_START, CLIP_END]) {
      // Both are in every CLIP vocabulary; their absence means these files belong to another tokenizer.
      if (!vocab.has(special)) throw new Error(`vocabulary has no ${special}, so it is not CLIP's`);
    }
    this.unknownId = vocab.get(CLIP_END)!;
  }

  /** Hugging Face's files: vocab.json (token -> id) and merges.txt. Throws one line when they are malformed. */
  static fromFiles(vocabJson: string, mergesTxt: string): ClipBpe {
    return new ClipBpe(parseVocab(vocabJson), parseMerges(mergesTxt));
  }

  /**
   * openai's `bpe_simple_vocab_16e6.txt` (already decompressed), which holds merges only. The ids are
   * derived as simple_tokenizer.py does: the 256 byte symbols, the same with `</w>`, each merge's
   * result in rank order, then the two specials; a token listed twice keeps its later id, as a dict does.
   */
  static fromMergesOnly(mergesTxt: string): ClipBpe {
    const merges = parseMerges(mergesTxt);
    const tokens = [
      ...BYTE_SYMBOLS.order,
      ...BYTE_SYMBOLS.order.map((s) => s + END_OF_WORD),
      ...merges.map(([a, b]) => a + b),
      CLIP_START,
      CLIP_END,
    ];
    return new ClipBpe(new Map(tokens.map((token, id) => [token, id])), merges);
  }

  /** Token ids of `text`, without the start/end tokens the text encoder adds around them. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of pieces(text)) {
      for (const symbol of this.bpe(piece)) ids.push(this.vocab.get(symbol) ?? this.unknownId);
    }
    return ids;
  }

  /** The BPE tokens of `text` as vocabulary strings (`abc</w>`), for tests and explanations. */
  tokenize(text: string): string[] {
    return [...pieces(text)].flatMap((piece) => this.bpe(piece));
  }

  /** How many of CLIP's 75 usable positions `text` takes (start/end excluded). */
  count(text: string): number {
    let n = 0;
    for (const piece of pieces(text)) n += this.bpe(piece).length;
    return n;
  }

  /** Steps 3-4 for one piece, remembered per piece. */
  private bpe(piece: string): readonly string[] {
    if (piece === CLIP_START || piece === CLIP_END) return [piece];
    const cached = this.words.get(piece);
    if (cached) return cached;

    const symbols = byteSymbols(piece);
    // Byte symbols are single UTF-16 units (all below U+0200), so indexing the string splits it into symbols.
    let word = [...symbols.slice(0, -1), symbols.slice(-1) + END_OF_WORD];
    while (word.length > 1) {
      let best = Infinity;
      let bestAt = -1;
      for (let i = 0; i < word.length - 1; i++) {
        const rank = this.ranks.get(pairKey(word[i]!, word[i + 1]!));
        if (rank !== undefined && rank < best) {
          best = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      const first = word[bestAt]!;
      const second = word[bestAt + 1]!;
      // Merge every non-overlapping occurrence, scanning left to right like the reference.
      const merged: string[] = [];
      for (let i = 0; i < word.length; ) {
        if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
          merged.push(first + second);
          i += 2;
        } else {
          merged.push(word[i]!);
          i += 1;
        }
      }
      word = merged;
    }

    if (this.words.size >= MAX_CACHED_WORDS) this.words.clear();
    this.words.set(piece, word);
    return word;
  }
}

/** Steps 1-2: the cleaned, lowercased text split into pieces. */
function* pieces(text: string): Generator<string> {
  for (const match of cleanClipText(text).matchAll(PIECE)) yield match[0];
}
