/*
 * Word-level diff for the batch preview: the before line marks what goes, the after line what comes.
 * A plain LCS over words and separators; captions are short, and only the rows on screen are diffed.
 */

export interface Segment {
  readonly text: string;
  readonly changed: boolean;
}

// Every character falls in one of the three alternatives, so the tokens rebuild the text exactly.
const TOKEN = /,\s*|\s+|[^,\s]+/g;
/** Beyond this many LCS cells the lines are marked changed whole: a cheap answer beats a janky scroll. */
const MAX_CELLS = 250_000;

const tokenize = (text: string): string[] => text.match(TOKEN) ?? [];

function merge(tokens: readonly string[], changed: readonly boolean[]): Segment[] {
  const out: Segment[] = [];
  tokens.forEach((text, i) => {
    const c = changed[i]!;
    const last = out[out.length - 1];
    if (last && last.changed === c) out[out.length - 1] = { text: last.text + text, changed: c };
    else out.push({ text, changed: c });
  });
  return out;
}

export function diffWords(before: string, after: string): { before: Segment[]; after: Segment[] } {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > MAX_CELLS) {
    return { before: [{ text: before, changed: true }], after: [{ text: after, changed: true }] };
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const aChanged = a.map(() => true);
  const bChanged = b.map(() => true);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      aChanged[i++] = false;
      bChanged[j++] = false;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) i++;
    else j++;
  }
  return { before: merge(a, aChanged), after: merge(b, bChanged) };
}
