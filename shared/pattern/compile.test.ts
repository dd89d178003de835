import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePattern, parsePatternFlags, type PatternFlags, type UserPattern } from './compile.ts';

function compiled(source: string, flags: PatternFlags = {}): UserPattern {
  const r = compilePattern(source, flags);
  if (!r.ok) throw new Error(`${source}: ${r.error.message}`);
  return r.value;
}

function problem(source: string): { message: string; position: number } {
  const r = compilePattern(source);
  if (r.ok) throw new Error(`${source} compiled`);
  return r.error;
}

/** The classic patterns that take exponential (or high polynomial) time on a backtracking engine. */
const CATASTROPHIC = ['(a+)+$', '(a|aa)+$', '(.*a){20}', '^(\\w+\\s?)*$', '(x+x+)+y', '^(([a-z])+.)+[A-Z]([a-z])+$'];

describe('patterns that hang a backtracking engine', () => {
  // The issue's caption, then one a hundred times longer: JavaScript's RegExp never returns on either.
  const issueCaption = `x, ${'a'.repeat(40)}!`;
  const long = `x, ${'a'.repeat(4000)}!, ${'ab '.repeat(3000)}`;

  it.each(CATASTROPHIC)('%s answers at once, on the engine JavaScript would hang on', (source) => {
    const pattern = compiled(source);
    for (const text of [issueCaption, long]) {
      expect(typeof pattern.test(text)).toBe('boolean');
      expect(typeof pattern.replaceAll(text, 'b')).toBe('string');
    }
    expect(compiled('(a+)+$').replaceAll(issueCaption, 'b')).toBe(issueCaption);
    expect(compiled('(a+)+!').replaceAll(issueCaption, 'b')).toBe('x, b');
  }, 5_000);

  it('takes time in proportion to the text, not exponential in it', () => {
    const pattern = compiled('(a|aa)+$');
    const time = (n: number): number => {
      const text = `${'a'.repeat(n)}!`;
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        pattern.test(text);
        pattern.replaceAll(text, 'b');
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(2_000);
    // Ten times the text: about ten times the work for a linear engine, a hundred for a quadratic one.
    const ratio = time(200_000) / Math.max(time(20_000), 0.5);
    expect(ratio).toBeLessThan(40);
  }, 20_000);
});

describe('what RE2 cannot express is refused before anything runs', () => {
  it.each<[string, RegExp, number]>([
    ['(a)\\1', /^Backreference \\1 is not supported: patterns run on a linear-time engine \(RE2\)/, 3],
    ['(?<w>a)\\k<w>', /^Backreference \\k<w> is not supported/, 7],
    ['a(?=b)', /^Lookahead \(\?=…\) is not supported/, 1],
    ['a(?!b)', /^Lookahead \(\?!…\) is not supported/, 1],
    ['(?<=a)b', /^Lookbehind \(\?<=…\) is not supported/, 0],
    ['x(?<!a)b', /^Lookbehind \(\?<!…\) is not supported/, 1],
    ['ab\\12', /^Backreference \\12 /, 2],
  ])('%s', (source, message, position) => {
    const e = problem(source);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
    expect(e.message).not.toContain('\n');
  });

  it('reads escapes and classes, so look-alikes are not refused', () => {
    expect(compiled('\\(?=').test('(=')).toBe(true);
    expect(compiled('[(?=]+').test('?')).toBe(true);
    expect(compiled('\\\\1').test('\\1')).toBe(true);
    expect(compiled('[\\]1]').test('1')).toBe(true);
  });

  it.each<[string, RegExp, number]>([
    ['(a', /^Unclosed '\('/, 0],
    ['ab)', /^Unmatched '\)'/, 2],
    ['x[ab', /^Unclosed '\['/, 1],
    ['a{2000}', /^Invalid repeat count .*: \{2000\}$/, 1],
    ['a**', /^A quantifier follows another quantifier: \*\*$/, 1],
    ['\\u{41}**', /: \*\*$/, 6],
    ['*a', /nothing before it/, 0],
    ['\\p{Nope}', /\\p\{Nope\}/, 0],
    ['abc\\', /lone \\/, 3],
    ['\\u12', /Invalid \\u escape/, 0],
  ])('syntax error %s: one line, the spot marked', (source, message, position) => {
    const e = problem(source);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
  });
});

describe('JavaScript syntax with JavaScript meaning', () => {
  it.each<[string, string, string, string]>([
    ['\\u0041', 'xAx', '-', 'x-x'],
    ['\\u{1F600}', 'a😀b', '-', 'a-b'],
    ['\\uD83D\\uDE00', 'a😀b', '-', 'a-b'],
    ['\\cI', 'a\tb', '-', 'a-b'],
    ['\\p{Script=Greek}+', 'aβγb', '-', 'a-b'],
    ['[^]', 'ab', '-', '--'],
    ['a[]', 'ab', '-', 'ab'],
    ['.', '😀', '-', '-'],
    ['\\/', 'a/b', '-', 'a-b'],
    ['(?<y>\\d{4})-(\\d\\d)', '2024-05', '$2/$<y>', '05/2024'],
    ['l', 'hello', '[$&|$`|$\']', 'he[l|he|lo][l|hel|o]o'],
    ['o', 'foo', '$$', 'f$$'],
    ['b*', 'abc', '-', '-a--c-'],
  ])('/%s/ on %j with %j', (source, text, replacement, expected) => {
    expect(compiled(source).replaceAll(text, replacement)).toBe(expected);
    expect(text.replace(new RegExp(source, 'gu'), replacement)).toBe(expected);
  });

  it('maps the flags', () => {
    expect(compiled('HAIR', { ignoreCase: true }).test('long hair')).toBe(true);
    expect(compiled('HAIR').test('long hair')).toBe(false);
    expect(compiled('^b', { multiline: true }).test('a\nb')).toBe(true);
    expect(compiled('^b').test('a\nb')).toBe(false);
    expect(compiled('a.b', { dotAll: true }).test('a\nb')).toBe(true);
    expect(compiled('a.b').test('a\nb')).toBe(false);
    expect(parsePatternFlags('imsu')).toEqual({ ok: true, value: { ignoreCase: true, multiline: true, dotAll: true } });
    expect(parsePatternFlags('ig')).toEqual({ ok: false, error: { message: "Unsupported regular expression flag 'g': use i, m, s or u", position: 1 } });
  });

  /*
   * Random patterns from a grammar both engines read the same way (no captures inside repeated
   * groups: JavaScript clears those on each repetition, Perl and RE2 keep the last), over texts from
   * a small alphabet, so matches are frequent: RE2 must agree with RegExp on match and replacement.
   */
  const atom = fc.constantFrom('a', 'b', 'c', ' ', ',', '.', '[ab]', '[^a]', '\\w', '\\d', '[a-c]', '(?:ab|b)', '(?:a|)');
  const quantified = fc.tuple(atom, fc.constantFrom('', '', '*', '+', '?', '*?', '+?', '{1,2}', '{2}')).map(([a, q]) => a + q);
  // An assertion cannot take a quantifier in JavaScript.
  const piece = fc.oneof(quantified, fc.constant('\\b'), fc.array(quantified, { minLength: 1, maxLength: 3 }).map((xs) => `(${xs.join('')})`));
  const alternative = fc.array(piece, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
  const pattern = fc.tuple(fc.constantFrom('', '^'), fc.array(alternative, { minLength: 1, maxLength: 2 }), fc.constantFrom('', '$'))
    .map(([start, alts, end]) => `${start}${alts.length > 1 ? `(?:${alts.join('|')})` : alts[0]}${end}`);
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'A', ' ', ',', '.', '1', 'é'), { maxLength: 24 }).map((xs) => xs.join(''));
  const replacement = fc.constantFrom('', 'X', '<$&>', '[$1]', '$2$1', '$$', '$`', "$'", '$9');

  it('agrees with RegExp on random patterns and texts', () => {
    fc.assert(
      fc.property(pattern, text, replacement, fc.boolean(), (source, input, repl, ignoreCase) => {
        const js = new RegExp(source, ignoreCase ? 'giu' : 'gu');
        const re2 = compiled(source, { ignoreCase });
        js.lastIndex = 0;
        expect(re2.test(input)).toBe(new RegExp(source, ignoreCase ? 'iu' : 'u').test(input));
        expect(re2.replaceAll(input, repl)).toBe(input.replace(js, repl));
      }),
      { numRuns: 1500 },
    );
  });
});
