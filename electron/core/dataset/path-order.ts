/*
 * The order images are listed in everywhere: natural (img2 before img10), as ICU's collation for 'en'
 * with numeric ordering sorts. Creating that collator costs ~8 ms of every CLI start (ICU loads its
 * collation data) and a start is ~200 ms, so names made of ASCII letters, digits and the common
 * punctuation (nearly every dataset's) are compared here by the same rules; a name with any other
 * character goes to the collator. path-order.test.ts checks that the two agree on every pair.
 *
 * The rules, for these characters: first the primary difference, left to right (punctuation, in
 * PUNCTUATION's order, before digits, before letters; a run of digits is one number, its leading
 * zeros ignored; a string that ends first sorts first), then, only if there is none, the first
 * difference of case (lowercase first).
 */

const PUNCTUATION = ` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$`;
const DIGIT = 1000;
const LETTERS = 2000;
/** Primary weight per ASCII code; 0: not handled here. */
const WEIGHT = new Uint16Array(128);
for (let i = 0; i < PUNCTUATION.length; i++) WEIGHT[PUNCTUATION.charCodeAt(i)] = i + 1;
for (let c = 48; c <= 57; c++) WEIGHT[c] = DIGIT;
for (let c = 0; c < 26; c++) WEIGHT[65 + c] = WEIGHT[97 + c] = LETTERS + c;

let collator: Intl.Collator | undefined;

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function comparePaths(a: string, b: string): number {
  const fast = compareAscii(a, b);
  if (!Number.isNaN(fast)) return fast;
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return collator.compare(a, b);
}

const weightAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c < 128 ? WEIGHT[c]! : 0;
};

/** comparePaths for names of the characters above; NaN when either holds another. */
function compareAscii(a: string, b: string): number {
  let i = 0;
  let j = 0;
  let caseOrder = 0;
  while (i < a.length && j < b.length) {
    const wa = weightAt(a, i);
    const wb = weightAt(b, j);
    if (wa === 0 || wb === 0) return NaN;
    if (wa === DIGIT && wb === DIGIT) {
      const order = compareNumbers(a, i, b, j);
      if (order.diff !== 0) return order.diff;
      i = order.endA;
      j = order.endB;
      continue;
    }
    if (wa !== wb) return wa < wb ? -1 : 1;
    // The same letter in another case: lowercase (the higher code) first, if nothing else differs.
    if (caseOrder === 0) {
      const ca = a.charCodeAt(i);
      const cb = b.charCodeAt(j);
      if (ca !== cb) caseOrder = ca > cb ? -1 : 1;
    }
    i++;
    j++;
  }
  // Whatever is left must be ours too: ICU ignores some characters entirely (a zero-width space).
  for (let k = i; k < a.length; k++) if (weightAt(a, k) === 0) return NaN;
  for (let k = j; k < b.length; k++) if (weightAt(b, k) === 0) return NaN;
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return caseOrder;
}

/** The digit runs starting at a[i] and b[j] as numbers, and where each ends. */
function compareNumbers(a: string, i: number, b: string, j: number): { diff: number; endA: number; endB: number } {
  const endA = digitsEnd(a, i);
  const endB = digitsEnd(b, j);
  while (i < endA && a.charCodeAt(i) === 48) i++;
  while (j < endB && b.charCodeAt(j) === 48) j++;
  if (endA - i !== endB - j) return { diff: endA - i < endB - j ? -1 : 1, endA, endB };
  for (; i < endA; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return { diff: d < 0 ? -1 : 1, endA, endB };
  }
  return { diff: 0, endA, endB };
}

function digitsEnd(s: string, i: number): number {
  while (i < s.length && WEIGHT[s.charCodeAt(i)] === DIGIT) i++;
  return i;
}
