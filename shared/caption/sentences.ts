import {
  isClosingQuoteCode,
  isLowerAt,
  isSpaceCode,
  isTerminatorCode,
  isUpperAt,
} from './chars.ts';

/**
 * Words that end with a dot without ending a sentence. Kept short on purpose: each entry is one more
 * place where two real sentences would be counted as one.
 */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'vs', 'etc', 'eg', 'ie', 'approx', 'fig', 'vol', 'ver',
]);

/** Index just past a run of `.`/`!`/`?` starting at `i`, and any closing quotes after it. */
export function terminatorRunEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isTerminatorCode(text.charCodeAt(j))) j++;
  while (j < text.length && isClosingQuoteCode(text.charCodeAt(j))) j++;
  return j;
}

/**
 * True when the word ending at `dotIndex` is an abbreviation (`Mr.`, `e.g.`) or a capital
 * initial (`J. R. R. Tolkien`), so the dot after it does not end a sentence.
 */
export function isAbbreviationBefore(text: string, dotIndex: number): boolean {
  let s = dotIndex;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    // An apostrophe is not a stop: in "Smith's." the word is "Smith's", not an initial "s".
    if (isSpaceCode(c) || c === 40 || c === 44 || c === 34 || c === 91 || c === 0x201c) break;
    s--;
  }
  const word = text.slice(s, dotIndex);
  // Only capitals are initials: a lowercase single letter is more often a tag (`letter b.`).
  if (word.length === 1) return isUpperAt(text, s);
  if (word.length > 8) return false;
  return ABBREVIATIONS.has(word.toLowerCase().replaceAll('.', ''));
}

/**
 * Splits prose into sentences for counting. A sentence ends at `.`, `!` or `?` (runs such as `...` or
 * `?!` count once, closing quotes stay with it) followed by white space, unless the next word starts
 * lowercase (`Wait... then`) or the dot closes an abbreviation or an initial. Decimals (`1.5`) and
 * dotted names (`st.louis`) never split because no white space follows the dot. Sentences are trimmed;
 * empty ones are dropped.
 */
export function splitSentences(prose: string): string[] {
  const out: string[] = [];
  const len = prose.length;
  let start = 0;
  let i = 0;
  while (i < len) {
    if (!isTerminatorCode(prose.charCodeAt(i))) {
      i++;
      continue;
    }
    const runEnd = terminatorRunEnd(prose, i);
    if (runEnd < len && !isSpaceCode(prose.charCodeAt(runEnd))) {
      i = runEnd;
      continue;
    }
    let next = runEnd;
    while (next < len && isSpaceCode(prose.charCodeAt(next))) next++;
    if (next >= len) break;
    const atWordEnd = i > 0 && !isSpaceCode(prose.charCodeAt(i - 1));
    if (!atWordEnd || isLowerAt(prose, next) || isAbbreviationBefore(prose, i)) {
      i = runEnd;
      continue;
    }
    const sentence = prose.slice(start, runEnd).trim();
    if (sentence) out.push(sentence);
    start = next;
    i = next;
  }
  const last = prose.slice(start).trim();
  if (last) out.push(last);
  return out;
}
