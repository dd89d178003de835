/**
 * Character classes shared by the caption parser and the sentence splitter. They work on UTF-16 code
 * units with an ASCII fast path because the parser runs over every caption of a dataset on open.
 */

/** Exactly the set JavaScript's `\s` and `String.prototype.trim` treat as white space, so spans found
 * by scanning agree with `.trim()`. */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const UPPER = /^\p{Lu}/u;
const LOWER = /^\p{Ll}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

export function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER.test(text.slice(i, i + 2));
}

export function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 97 && c <= 122;
  return LOWER.test(text.slice(i, i + 2));
}

export function isLetterOrDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // A low surrogate's letter was already judged at its high surrogate.
  const start = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  return LETTER_OR_DIGIT.test(text.slice(start, start + 2));
}

/** `.`, `!`, `?` */
export function isTerminatorCode(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** Closing quotes may follow a sentence's terminator: `She said "hi." Then...` */
export function isClosingQuoteCode(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0xbb;
}

/** Opening quotes may precede a sentence's first letter. */
export function isOpeningQuoteCode(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201c || c === 0x2018 || c === 0xab;
}

/** The text ends with a letter, digit or `)`: a `.` after it reads as a terminator, not as part of a face. */
export function endsWithWord(text: string): boolean {
  const last = text.length - 1;
  return last >= 0 && (text.charCodeAt(last) === 41 || isLetterOrDigitAt(text, last));
}
