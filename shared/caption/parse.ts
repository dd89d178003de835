import { endsWithWord, isSpaceCode } from './chars.ts';
import { locateProse } from './prose-rule.ts';
import type { CaptionDoc, CaptionLayout } from './types.ts';

const LINE_BREAK = /[\r\n]/;

/**
 * Parses decoded caption text (a BOM kept as a leading U+FEFF). Never fails: any string is a caption,
 * and `serializeCaption(parseCaption(t)) === t` for every `t`.
 */
export function parseCaption(text: string): CaptionDoc {
  const { bom, line, rest } = splitFirstLine(text);
  return parseLine(line, bom, rest);
}

/** Line 1 (what trainers read) without BOM or break, and the untouched rest, without parsing tags. */
export function splitFirstLine(text: string): { bom: boolean; line: string; rest: string } {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const brk = body.search(LINE_BREAK);
  return { bom, line: brk < 0 ? body : body.slice(0, brk), rest: brk < 0 ? '' : body.slice(brk) };
}

function parseLine(line: string, bom: boolean, rest: string): CaptionDoc {
  const prose = locateProse(line);
  const tagLimit = prose ? prose.tagLimit : line.length;

  // Tag spans as [start, end) pairs, flattened to keep the hot path free of small objects.
  const spans: number[] = [];
  let segStart = 0;
  for (;;) {
    const comma = line.indexOf(',', segStart);
    const segEnd = comma < 0 || comma >= tagLimit ? tagLimit : comma;
    let s = segStart;
    let e = segEnd;
    while (s < e && isSpaceCode(line.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(line.charCodeAt(e - 1))) e--;
    if (s < e) spans.push(s, e);
    if (segEnd === tagLimit) break;
    segStart = comma + 1;
  }

  let terminator = '';
  const n = spans.length;
  if (!prose && n > 0) {
    const lastEnd = spans[n - 1]!;
    // `solo.` -> tag `solo` + terminator; `...` and `._.` keep their dots (no word before the dot).
    if (lastEnd - spans[n - 2]! >= 2 && line.charCodeAt(lastEnd - 1) === 46 && endsWithWord(line.slice(spans[n - 2]!, lastEnd - 1))) {
      spans[n - 1] = lastEnd - 1;
      terminator = '.';
    }
  }

  const tags: string[] = new Array<string>(n / 2);
  for (let k = 0; k < n; k += 2) tags[k / 2] = line.slice(spans[k]!, spans[k + 1]!);

  let proseText = '';
  let contentEnd = n > 0 ? spans[n - 1]! : 0;
  if (prose) {
    let e = line.length;
    while (e > prose.proseStart && isSpaceCode(line.charCodeAt(e - 1))) e--;
    proseText = line.slice(prose.proseStart, e);
    contentEnd = e;
  }
  const hasContent = n > 0 || prose !== null;
  const contentStart = n > 0 ? spans[0]! : prose ? prose.proseStart : 0;

  const layout: CaptionLayout = {
    bom,
    line,
    rest,
    lead: hasContent ? line.slice(0, contentStart) : '',
    separator: inferSeparator(line, spans),
    joiner: prose && n > 0 ? line.slice(spans[n - 1]!, prose.proseStart) : null,
    terminator,
    tail: hasContent ? line.slice(contentEnd + terminator.length) : '',
  };
  return { tags, prose: proseText, layout };
}

/**
 * The separator style a regenerated line should use: the most common raw gap between two tags that
 * holds exactly one comma (gaps like `,,  ` from empty segments are noise, not style); ties go to
 * the one seen first.
 */
function inferSeparator(line: string, spans: readonly number[]): string | null {
  let best: string | null = null;
  let bestCount = 0;
  let counts: Map<string, number> | null = null;
  for (let k = 1; k + 2 < spans.length; k += 2) {
    const from = spans[k]!;
    const to = spans[k + 1]!;
    // Nearly every line uses one style throughout: compare in place and only slice on a difference.
    if (counts === null && best !== null && sameText(line, from, to, best)) {
      bestCount++;
      continue;
    }
    const gap = line.slice(from, to);
    if (gap.indexOf(',') !== gap.lastIndexOf(',')) continue;
    if (best === null) {
      best = gap;
      bestCount = 1;
      continue;
    }
    counts ??= new Map([[best, bestCount]]);
    const c = (counts.get(gap) ?? 0) + 1;
    counts.set(gap, c);
    if (c > bestCount) {
      best = gap;
      bestCount = c;
    }
  }
  return best;
}

function sameText(line: string, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (line.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}
