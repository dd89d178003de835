import {
  isLowerAt,
  isOpeningQuoteCode,
  isSpaceCode,
  isUpperAt,
} from './chars.ts';
import { isAbbreviationBefore, terminatorRunEnd } from './sentences.ts';

/*
 * Where line 1 stops being tags and starts being prose
 * ====================================================
 * The workflow writes `trigger, tags..., tags. Sentence one. Sentence two.`; JoyCaption-style captions
 * are prose only; WD14 captions are tags only. Kohya splits at every comma, but people (and the
 * sentence counter) need the prose kept whole, so the line is cut once: everything before the cut is
 * comma-separated tags, everything from the cut to the end of the line is one prose block, never split
 * at its own commas. No cut means the whole line is tags.
 *
 * 1. The line is split into pieces at every comma and at every sentence break. A sentence break is a
 *    run of `.`/`!`/`?` (closing quotes may follow) that
 *      - ends a word (no space or comma right before it), so `...`, `!?` or a lone `?` tag never
 *        break, while `^_^. She smiles` does,
 *      - is followed by white space and more text (never by a comma: `solo.,` is not a break),
 *      - is outside parentheses (depth counted per comma segment, `\(` and `\)` are escaped text, an
 *        unmatched `)` as in `:)` is ignored, and a comma resets the depth so `:(` cannot hide the
 *        rest of the line),
 *      - does not close an abbreviation or initial (`Mr.`, `St.`, `e.g.`, `J.`; see sentences.ts).
 * 2. The cut is at the first piece that reads as a sentence, which is the first one such that
 *      R1  it follows a sentence break and starts with an uppercase letter (an opening quote may come
 *          first): `low angle. She kneels` cuts at `She`; `st. louis` and `solo. 2girls` do not;
 *      R2  it has 5+ words, one of them an English function word (a, the, on, with, she...), and no
 *          `(`, `:` or `_`: lowercase LLM prose `a woman kneels on the floor` cuts, long booru
 *          copyright tags (`yahari ore no seishun lovecome wa machigatteiru.`,
 *          `the legend of zelda: breath of the wild`) do not;
 *      R3  it starts uppercase, has 3+ words, and a later word starts lowercase and is not one of the
 *          small words title case leaves lowercase (of, the, in...): `A woman stands in a field`
 *          cuts; names in title case (`The Legend of Zelda`, `Hatsune Miku (Vocaloid)`) do not;
 *      R4  as R3 with exactly 2 words, when a terminator ends this piece or a later one: `She kneels,
 *          smiling, on the floor.` is prose from `She`, while `Red dress, standing` stays tags.
 *    Danbooru tags are lowercase, so uppercase-led rules only fire on sentences or capitalised
 *    phrases that read like them.
 * 3. Tags are the trimmed non-empty comma segments before the cut. When the cut follows a sentence
 *    break the break's terminator is not part of the last tag but of the joiner (`. `).
 * 4. With no prose, one `.` ending the line right after a word (`1girl, solo.`) is a terminator, not
 *    part of the tag; `...`, `._.` and `^_^.` keep their dots as text.
 */

export interface ProseLocation {
  /** Index of the first prose character in the line. */
  readonly proseStart: number;
  /** Tags are read from `line.slice(0, tagLimit)`. */
  readonly tagLimit: number;
}

/**
 * One left-to-right pass that judges each piece as soon as it closes and stops at the first prose
 * piece, so a typical `tags. Sentences.` line is read once and allocates nothing but the result.
 */
export function locateProse(line: string): ProseLocation | null {
  const len = line.length;
  // R4 asks whether a break follows; the answer for every piece comes from one lazy backward look.
  let lastBreak = -2;
  const breakAfter = (pos: number) => {
    if (lastBreak === -2) lastBreak = lastBreakIndex(line);
    return lastBreak >= pos;
  };
  let start = 0;
  let breakAt = -1;
  let depth = 0;
  let i = 0;
  while (i <= len) {
    const c = i < len ? line.charCodeAt(i) : 44;
    if (c === 44) {
      if (readsAsProse(line, start, i, breakAt, false, breakAfter)) return located(line, start, breakAt);
      start = i + 1;
      breakAt = -1;
      depth = 0;
      i++;
    } else if (c === 92) {
      i += isParenCode(line.charCodeAt(i + 1)) ? 2 : 1;
    } else if (c === 40) {
      depth++;
      i++;
    } else if (c === 41) {
      if (depth > 0) depth--;
      i++;
    } else if (c === 46 || c === 33 || c === 63) {
      const runEnd = terminatorRunEnd(line, i);
      if (depth === 0 && (runEnd === len || isSpaceCode(line.charCodeAt(runEnd))) && endsWord(line, i) && !isAbbreviationBefore(line, i)) {
        if (readsAsProse(line, start, runEnd, breakAt, true, breakAfter)) return located(line, start, breakAt);
        let next = runEnd;
        while (next < len && isSpaceCode(line.charCodeAt(next))) next++;
        start = next;
        breakAt = i;
        i = next;
      } else {
        i = runEnd;
      }
    } else {
      i++;
    }
  }
  return null;
}

function located(line: string, start: number, breakAt: number): ProseLocation {
  let s = start;
  while (isSpaceCode(line.charCodeAt(s))) s++;
  return { proseStart: s, tagLimit: breakAt >= 0 ? breakAt : s };
}

/**
 * Index of the last sentence break in the line, or -1. Depth restarts at every comma, so a scan from
 * the line start sees the same breaks after any comma as a scan starting at that comma would.
 */
function lastBreakIndex(line: string): number {
  const len = line.length;
  let depth = 0;
  let last = -1;
  for (let i = 0; i < len; i++) {
    const c = line.charCodeAt(i);
    if (c === 44) depth = 0;
    else if (c === 92 && isParenCode(line.charCodeAt(i + 1))) i++;
    else if (c === 40) depth++;
    else if (c === 41) depth = depth > 0 ? depth - 1 : 0;
    else if (c === 46 || c === 33 || c === 63) {
      const runEnd = terminatorRunEnd(line, i);
      if (depth === 0 && (runEnd === len || isSpaceCode(line.charCodeAt(runEnd))) && endsWord(line, i) && !isAbbreviationBefore(line, i)) last = i;
      i = runEnd - 1;
    }
  }
  return last;
}

/** Only `\(` and `\)` are escapes: a backslash before anything else, a comma included, is plain text. */
function isParenCode(c: number): boolean {
  return c === 40 || c === 41;
}

function endsWord(line: string, i: number): boolean {
  if (i === 0) return false;
  const prev = line.charCodeAt(i - 1);
  return prev !== 44 && !isSpaceCode(prev);
}

const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'of', 'in', 'on',
  'at', 'to', 'from', 'with', 'by', 'for', 'and', 'or', 'but', 'her', 'his', 'their', 'its', 'she', 'he',
  'they', 'it', 'this', 'that', 'these', 'those', 'there', 'which', 'who', 'while', 'into', 'onto', 'over',
  'under', 'behind', 'near', 'beside', 'between', 'through', 'as',
]);

/** Words title case leaves lowercase; a lowercase one of these does not make a name read as a sentence. */
const TITLE_SMALL_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'vs', 'no',
  'de', 'la', 'le', 'du', 'des', 'von', 'van', 'der', 'den', 'di', 'da', 'del',
]);

function readsAsProse(
  line: string,
  from: number,
  to: number,
  breakAt: number,
  terminated: boolean,
  breakAfter: (pos: number) => boolean,
): boolean {
  let s = from;
  let e = to;
  while (s < e && isSpaceCode(line.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(line.charCodeAt(e - 1))) e--;
  if (s === e) return false;
  let first = s;
  while (first < e && isOpeningQuoteCode(line.charCodeAt(first))) first++;
  const upper = first < e && isUpperAt(line, first);
  if (upper && breakAt >= 0) return true;

  // Most pieces are short lowercase tags: decide those without allocating.
  const wordCount = countWords(line, s, e);
  if (wordCount < 2 || (!upper && wordCount < 5)) return false;

  const text = line.slice(s, e);
  const words = text.split(/\s+/);
  if (wordCount >= 5 && !/[(:_]/.test(text) && words.some((w) => FUNCTION_WORDS.has(bareWord(w)))) return true;
  if (!upper) return false;
  const sentenceLike = words.some((w, idx) => idx > 0 && isLowerAt(w, 0) && !TITLE_SMALL_WORDS.has(bareWord(w)));
  return sentenceLike && (wordCount >= 3 || terminated || breakAfter(to));
}

function countWords(line: string, start: number, end: number): number {
  let count = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const space = isSpaceCode(line.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function bareWord(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
