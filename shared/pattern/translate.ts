import { err, ok, type Result } from '../result.ts';

/** Why a pattern cannot run; `position` is a UTF-16 offset into the pattern as the user wrote it. */
export interface PatternError {
  message: string;
  position: number;
}

/** The pattern in RE2 syntax, and for each of its UTF-16 units the offset it came from in the user's text. */
export interface Translated {
  source: string;
  origin: readonly number[];
}

const LINEAR = 'patterns run on a linear-time engine (RE2) so that none can hang';

/**
 * Reads a pattern written in JavaScript syntax (what users know from the query language's `/…/` and
 * every "regex" checkbox) and writes it in RE2 syntax. Constructs that only a backtracking engine can
 * run (backreferences, lookaround) are refused here, before anything runs, with the offset to mark.
 * The few spellings that differ but mean the same (`\uXXXX`, `\u{…}`, `\cX`, `\p{Script=…}`, the
 * empty classes `[]` and `[^]`) are rewritten; everything else is left for RE2's own parser to judge.
 */
export function translatePattern(pattern: string): Result<Translated, PatternError> {
  let source = '';
  const origin: number[] = [];
  const emit = (text: string, from: number): void => {
    source += text;
    for (let k = 0; k < text.length; k++) origin.push(from);
  };
  const groups: number[] = [];
  let classStart = -1;

  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const escape = readEscape(pattern, i, classStart >= 0);
      if (!escape.ok) return escape;
      emit(escape.value.text, i);
      i = escape.value.end;
      continue;
    }
    if (classStart >= 0) {
      if (c === ']') classStart = -1;
      emit(c, i);
      i++;
      continue;
    }
    if (c === '[') {
      // JavaScript's `[]` matches nothing and `[^]` any character; RE2 reads both as an unclosed class.
      if (pattern.startsWith('[]', i)) {
        emit('[^\\x00-\\x{10FFFF}]', i);
        i += 2;
        continue;
      }
      if (pattern.startsWith('[^]', i)) {
        emit('[\\x00-\\x{10FFFF}]', i);
        i += 3;
        continue;
      }
      classStart = i;
      emit(c, i);
      // A `]` right after `[` or `[^` is a literal in RE2 but closes an empty class in JavaScript.
      i++;
      if (pattern[i] === '^') emit('^', i++);
      continue;
    }
    if (c === '(') {
      const refused = refuseGroup(pattern, i);
      if (refused) return err(refused);
      groups.push(i);
    } else if (c === ')') {
      if (groups.pop() === undefined) return err({ message: "Unmatched ')': there is no '(' before it (write \\) for a literal one)", position: i });
    }
    emit(c, i);
    i++;
  }
  if (classStart >= 0) return err({ message: "Unclosed '[': add a matching ']'", position: classStart });
  const open = groups.pop();
  if (open !== undefined) return err({ message: "Unclosed '(': add a matching ')'", position: open });
  origin.push(pattern.length);
  return ok({ source, origin });
}

function refuseGroup(pattern: string, at: number): PatternError | null {
  const head = pattern.slice(at, at + 4);
  if (head.startsWith('(?=') || head.startsWith('(?!')) {
    return { message: `Lookahead ${head.slice(0, 3)}…) is not supported: ${LINEAR}`, position: at };
  }
  if (head === '(?<=' || head === '(?<!') {
    return { message: `Lookbehind ${head}…) is not supported: ${LINEAR}`, position: at };
  }
  return null;
}

interface Escape {
  text: string;
  end: number;
}

const HEX = /^[0-9a-fA-F]{4}$/;
const PROPERTY_KEY = /^\\[pP]\{(?:Script|sc|General_Category|gc)=([A-Za-z_]+)\}/;

function readEscape(pattern: string, at: number, inClass: boolean): Result<Escape, PatternError> {
  const next = pattern[at + 1];
  if (next === undefined) return err({ message: 'The pattern ends with a lone \\: write \\\\ for a backslash', position: at });
  if (!inClass && next >= '1' && next <= '9') {
    let end = at + 2;
    while (end < pattern.length && /[0-9]/.test(pattern[end] as string)) end++;
    return err({ message: `Backreference ${pattern.slice(at, end)} is not supported: ${LINEAR}`, position: at });
  }
  if (next === 'k' && pattern[at + 2] === '<') {
    const close = pattern.indexOf('>', at);
    const shown = close > 0 ? pattern.slice(at, close + 1) : '\\k<…>';
    return err({ message: `Backreference ${shown} is not supported: ${LINEAR}`, position: at });
  }
  if (next === 'u') return unicodeEscape(pattern, at);
  if (next === 'c' && /[A-Za-z]/.test(pattern[at + 2] ?? '')) {
    const code = (pattern.charCodeAt(at + 2) % 32).toString(16);
    return ok({ text: `\\x{${code}}`, end: at + 3 });
  }
  if (next === 'p' || next === 'P') {
    const keyed = PROPERTY_KEY.exec(pattern.slice(at));
    if (keyed) return ok({ text: `\\${next}{${keyed[1]}}`, end: at + keyed[0].length });
  }
  // An escaped astral character (`\😀`) is one character written as two UTF-16 units.
  const width = (pattern.codePointAt(at + 1) ?? 0) > 0xffff ? 2 : 1;
  return ok({ text: pattern.slice(at, at + 1 + width), end: at + 1 + width });
}

/** `\uXXXX` (a surrogate pair of them is one character), `\u{X…}`: RE2 writes both as `\x{…}`. */
function unicodeEscape(pattern: string, at: number): Result<Escape, PatternError> {
  if (pattern[at + 2] === '{') {
    const close = pattern.indexOf('}', at + 3);
    const digits = close > 0 ? pattern.slice(at + 3, close) : '';
    if (/^[0-9a-fA-F]{1,6}$/.test(digits) && Number.parseInt(digits, 16) <= 0x10ffff) {
      return ok({ text: `\\x{${digits}}`, end: close + 1 });
    }
  } else {
    const first = pattern.slice(at + 2, at + 6);
    if (HEX.test(first)) {
      const high = Number.parseInt(first, 16);
      const second = pattern.slice(at + 8, at + 12);
      if (high >= 0xd800 && high <= 0xdbff && pattern.startsWith('\\u', at + 6) && HEX.test(second)) {
        const low = Number.parseInt(second, 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          const code = (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          return ok({ text: `\\x{${code.toString(16)}}`, end: at + 12 });
        }
      }
      return ok({ text: `\\x{${first}}`, end: at + 6 });
    }
  }
  return err({ message: 'Invalid \\u escape: write \\uXXXX or \\u{X…} with hexadecimal digits', position: at });
}
