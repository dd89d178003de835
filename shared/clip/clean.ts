/**
 * The text cleaning kohya's tokenizer does before BPE: transformers' `CLIPTokenizer._tokenize` with
 * ftfy installed (sd-scripts requires it) runs `whitespace_clean(ftfy.fix_text(text)).lower()`.
 * Without it `ＡＢＣ` would cost 9 byte tokens instead of `abc</w>`, and `it’s` 4 instead of 2.
 *
 * ftfy 6's `fix_text` with its default config, per line and repeated until nothing changes:
 * 1. HTML entities unescaped, unless the line holds a `<` (ftfy's "auto"): `&amp;` -> `&`. ftfy does
 *    this once; openai's simple_tokenizer.py unescapes twice more on top, transformers does not.
 *    Numeric references and the common named ones are decoded here (see NAMED_ENTITIES).
 * 2. mojibake repaired: text that is UTF-8 read as Windows-1252 / Latin-1 (`cafÃ©` -> `café`),
 *    as a whole or, in mixed text, sequence by sequence. ftfy also tries rarer code pages
 *    (1251, 1250, MacRoman...) and scores "badness" with a large table; here a sequence must
 *    decode as strict UTF-8 to count as mojibake, which accented words in real captions never do.
 * 3. C1 controls read as Windows-1252, Latin ligatures split (`ﬁ` -> `fi`; not `æ`), fullwidth and
 *    halfwidth forms NFKC'd (U+3000 and U+FF01-U+FFEF only), curly quotes straightened, terminal
 *    escapes and invisible control characters (incl. U+FEFF) removed, then NFC.
 * Then every whitespace run becomes one space, the ends are stripped, and the text is lowercased.
 */

// Python `regex`'s `\s` (Unicode White_Space plus the separators U+001C-U+001F, which ftfy removes anyway).
// eslint-disable-next-line no-control-regex -- those separators are exactly what the reference treats as spaces
const WHITESPACE = /[\p{White_Space}\x1c-\x1f]+/gu;

/** ftfy's CONTROL_CHARS: controls with no visible effect (tab, LF, FF, CR stay: they are whitespace). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const TERMINAL_ESCAPE = /\x1b\[((?:\d|;)*)([a-zA-Z])/g;
const SINGLE_QUOTES = /[\u02bc\u2018-\u201b]/g;
const DOUBLE_QUOTES = /[\u201c-\u201f]/g;
const WIDE_FORMS = /[\u3000\uff01-\uffef]/g;
// ftfy's LIGATURES: Latin typographic ligatures and legacy digraphs, never ones used on purpose (æ, œ).
const LIGATURES: Readonly<Record<string, string>> = {
  Ĳ: 'IJ', ĳ: 'ij', ŉ: 'ʼn', Ǳ: 'DZ', ǲ: 'Dz', ǳ: 'dz', Ǆ: 'DŽ', ǅ: 'Dž', ǆ: 'dž', Ǉ: 'LJ', ǈ: 'Lj', ǉ: 'lj',
  Ǌ: 'NJ', ǋ: 'Nj', ǌ: 'nj', ﬀ: 'ff', ﬁ: 'fi', ﬂ: 'fl', ﬃ: 'ffi', ﬄ: 'ffl', ﬅ: 'ſt', ﬆ: 'st',
};
const LIGATURE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');

const HTML_ENTITY = /&#?[0-9A-Za-z]{1,24};/g;
/**
 * The named entities captions meet (ftfy knows all of HTML5's 2,231; a rarer name stays as written,
 * which costs a few tokens more than the character would). Upper-case forms as ftfy accepts them.
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', AMP: '&', LT: '<', GT: '>', QUOT: '"',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  copy: '©', reg: '®', trade: '™', deg: '°', times: '×', middot: '·', bull: '•', eacute: 'é', egrave: 'è',
  agrave: 'à', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', uuml: 'ü',
  ouml: 'ö', auml: 'ä', szlig: 'ß', macr: '¯', hearts: '♥', star: '☆', larr: '←', rarr: '→',
};

/** Windows-1252 bytes 0x80-0x9F; the five it leaves undefined read as the C1 control of that number ("sloppy"). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_BYTE = new Map<string, number>([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));
const CP1252_CHARS = [...CP1252_HIGH].join('');
const C1_CONTROLS = /[\u0080-\u009f]/g;

// Characters that stand for one byte of a UTF-8 sequence once read as Windows-1252 / Latin-1.
const CONT = `\\u0080-\\u00bf${CP1252_CHARS}`;
/** A run of what were UTF-8 sequences: lead byte (Â-ß, à-ï, ð-ô) then the right number of continuation bytes. */
const MOJIBAKE_RUN = `(?:[\\u00c2-\\u00df][${CONT}]|[\\u00e0-\\u00ef][${CONT}]{2}|[\\u00f0-\\u00f4][${CONT}]{3})+`;
const MOJIBAKE = new RegExp(MOJIBAKE_RUN, 'g');
const HAS_MOJIBAKE = new RegExp(MOJIBAKE_RUN);
const ASCII_ONLY = /^[\x00-\x7f]*$/; // eslint-disable-line no-control-regex -- the whole ASCII range

/** Python's `text.lower()` after ftfy and whitespace_clean: what the pre-tokenizer regex splits. */
export function cleanClipText(text: string): string {
  let fixed = text;
  if (fixed.includes('\n')) {
    // ftfy fixes line by line, deciding the HTML question per line.
    fixed = fixed.split(/(?<=\n)/).map(fixLine).join('');
  } else {
    fixed = fixLine(fixed);
  }
  // Strip only the single spaces left by the collapse, as Python's strip() after re.sub.
  return fixed.replace(WHITESPACE, ' ').replace(/^ | $/g, '').toLowerCase();
}

/** ftfy.fix_and_explain's loop for one line: apply every fix until the text stops changing. */
function fixLine(line: string): string {
  const html = !line.includes('<');
  let text = line;
  // Each round fixes something for good; a bound keeps a pathological input from looping.
  for (let round = 0; round < 8; round++) {
    const before = text;
    if (html) text = text.replace(HTML_ENTITY, unescapeEntity);
    text = fixEncoding(text)
      .replace(C1_CONTROLS, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]!)
      .replace(LIGATURE, (ch) => LIGATURES[ch]!)
      .replace(WIDE_FORMS, (ch) => (ch === '\u3000' ? ' ' : ch.normalize('NFKC')))
      .replace(SINGLE_QUOTES, "'")
      .replace(DOUBLE_QUOTES, '"')
      .replace(TERMINAL_ESCAPE, '')
      .replace(CONTROL_CHARS, '')
      .normalize('NFC');
    if (text === before) break;
  }
  return text;
}

function unescapeEntity(entity: string): string {
  const body = entity.slice(1, -1);
  if (!body.startsWith('#')) return NAMED_ENTITIES[body] ?? entity;
  const hex = /^#[xX]/.test(body);
  const digits = body.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return entity;
  const cp = parseInt(digits, hex ? 16 : 10);
  // Python's html.unescape: C1 numbers mean Windows-1252, out-of-range and surrogates become U+FFFD.
  if (cp >= 0x80 && cp <= 0x9f) return CP1252_HIGH[cp - 0x80]!;
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

/** Mojibake: the whole text read back as Windows-1252 bytes if it is valid UTF-8, else run by run. */
function fixEncoding(text: string): string {
  if (ASCII_ONLY.test(text) || !HAS_MOJIBAKE.test(text)) return text;
  const whole = asUtf8(text);
  if (whole !== null) return whole;
  return text.replace(MOJIBAKE, (run) => asUtf8(run) ?? run);
}

/** `text` encoded as sloppy Windows-1252 (Latin-1 where 1252 has a gap) and decoded as strict UTF-8; null when it is not. */
function asUtf8(text: string): string | null {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const b = cp < 0x80 ? cp : (CP1252_BYTE.get(ch) ?? (cp <= 0xff ? cp : -1));
    if (b < 0) return null;
    bytes.push(b);
  }
  return decodeUtf8(bytes);
}

/** Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF), as Python's codec. */
function decodeUtf8(bytes: readonly number[]): string | null {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return null;
    let cp = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need]!;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
