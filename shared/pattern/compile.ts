import { RE2JS, RE2JSException } from 're2js';
import { err, ok, type Result } from '../result.ts';
import { translatePattern, type PatternError, type Translated } from './translate.ts';

/**
 * A user's pattern, compiled for a linear-time engine. Matching and replacing take time proportional
 * to the text, whatever the pattern: no typo can hang the editor or the CLI.
 */
export interface UserPattern {
  /** As the user wrote it. */
  readonly source: string;
  /** True when the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** Every match replaced, reading `$1`, `$<name>`, `$&`, `` $` ``, `$'` and `$$` as JavaScript does. */
  replaceAll(text: string, replacement: string): string;
}

export interface PatternFlags {
  ignoreCase?: boolean;
  /** `^` and `$` also match at line breaks. */
  multiline?: boolean;
  /** `.` also matches a line break. */
  dotAll?: boolean;
}

/**
 * The flags a query's `/…/flags` may carry. `u` is accepted and changes nothing: the engine always
 * reads characters as code points, as JavaScript's `u` does. `g` and `y` would make a filter depend on
 * the order images are tested in; `v`'s set notation (`[\p{L}--[a-z]]`) has no RE2 spelling.
 */
export function parsePatternFlags(flags: string): Result<PatternFlags, PatternError> {
  const out: PatternFlags = {};
  const seen = new Set<string>();
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i] as string;
    if (seen.has(f)) return err({ message: `Flag '${f}' is given twice`, position: i });
    seen.add(f);
    if (f === 'i') out.ignoreCase = true;
    else if (f === 'm') out.multiline = true;
    else if (f === 's') out.dotAll = true;
    else if (f === 'v') return err({ message: "Flag 'v' (set notation) is not supported: use u", position: i });
    else if (f !== 'u') return err({ message: `Unsupported regular expression flag '${f}': use i, m, s or u`, position: i });
  }
  return ok(out);
}

/** RE2's parser messages, reworded where its phrasing would puzzle someone who wrote JavaScript. */
const REWORDED: Record<string, string> = {
  'invalid repeat count': 'Invalid repeat count (RE2 allows at most {1000})',
  'invalid nested repetition operator': 'A quantifier follows another quantifier',
  'missing argument to repetition operator': 'A quantifier has nothing before it to repeat',
  'invalid escape sequence': 'Unsupported escape sequence',
  'invalid character class range': 'Invalid character class or range',
  'invalid named capture': 'Invalid group name',
  'duplicate capture group name': 'Two groups have the same name',
  'invalid or unsupported Perl syntax': 'Unsupported group syntax',
};

export function compilePattern(pattern: string, flags: PatternFlags = {}): Result<UserPattern, PatternError> {
  const translated = translatePattern(pattern);
  if (!translated.ok) return translated;
  let bits = 0;
  if (flags.ignoreCase) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.multiline) bits |= RE2JS.MULTILINE;
  if (flags.dotAll) bits |= RE2JS.DOTALL;
  let re: RE2JS;
  try {
    re = RE2JS.compile(translated.value.source, bits);
  } catch (e) {
    if (e instanceof RE2JSException) return err(engineError(e, pattern, translated.value));
    throw e;
  }
  return ok({
    source: pattern,
    test: (text) => re.test(text),
    // Most tags a batch visits do not match: the test (a DFA scan) is several times cheaper than a
    // matcher. `false`: JavaScript's replacement syntax, not Java's.
    replaceAll: (text, replacement) => (re.test(text) ? re.matcher(text).replaceAll(replacement, false) : text),
  });
}

function engineError(e: RE2JSException, pattern: string, translated: Translated): PatternError {
  const code = (e as { error?: unknown }).error;
  const input = (e as { input?: unknown }).input;
  const reason = REWORDED[typeof code === 'string' ? code : ''] ?? capitalize(typeof code === 'string' ? code : e.message);
  const at = typeof input === 'string' && input !== '' ? translated.source.indexOf(input) : -1;
  if (at < 0 || typeof input !== 'string') return { message: reason, position: 0 };
  // The offending piece as the user wrote it (a rewritten `\u` escape reads as typed).
  const from = translated.origin[at] ?? 0;
  const to = translated.origin[at + input.length] ?? pattern.length;
  const piece = pattern.slice(from, Math.max(from + 1, to));
  return { message: `${reason}: ${piece}`, position: from };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
