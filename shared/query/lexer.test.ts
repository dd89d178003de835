import { describe, it, expect } from 'vitest';
import type { Token } from './lexer.ts';
import { Lexer } from './lexer.ts';

function lexAll(src: string): Token[] {
  const lexer = new Lexer(src);
  const out: Token[] = [];
  for (;;) {
    const t = lexer.next();
    if (!t.ok) throw new Error(`${t.error.message} @${t.error.position}`);
    out.push(t.value);
    if (t.value.type === 'eof') return out;
  }
}

function lexError(src: string): { message: string; position: number } {
  const lexer = new Lexer(src);
  for (;;) {
    const t = lexer.next();
    if (!t.ok) return t.error;
    if (t.value.type === 'eof') throw new Error(`no error for ${src}`);
  }
}

/** Compact view: each token as a short string. */
function shape(src: string): string[] {
  return lexAll(src).map((t) => {
    if (t.type !== 'term') return `${t.type}@${t.pos}`;
    const f = t.field ? `${t.field.name}${t.field.op}` : '';
    const v = t.value.kind === 'regex' ? `/${t.value.source}/${t.value.flags}` : `[${t.value.literal}|${t.value.glob}]`;
    return `${f}${v}@${t.pos}`;
  });
}

describe('Lexer', () => {
  it.each([
    ['', ['eof@0']],
    ['   ', ['eof@3']],
    ['smile', ['[smile|smile]@0', 'eof@5']],
    ['tag:smile', ['tag:[smile|smile]@0', 'eof@9']],
    ['TAG:Smile', ['tag:[Smile|Smile]@0', 'eof@9']],
    ['(a)', ['lparen@0', '[a|a]@1', 'rparen@2', 'eof@3']],
    ['-a', ['not@0', '[a|a]@1', 'eof@2']],
    ['t-shirt', ['[t-shirt|t-shirt]@0', 'eof@7']],
    ['a and b Or not c', ['[a|a]@0', 'and@2', '[b|b]@6', 'or@8', 'not@11', '[c|c]@15', 'eof@16']],
    ['"and"', ['[and|and]@0', 'eof@5']],
    ['tags>=30', ['tags>=[30|30]@0', 'eof@8']],
    ['sentences!=3', ['sentences!=[3|3]@0', 'eof@12']],
    ['chars<2', ['chars<[2|2]@0', 'eof@7']],
    ['tag:*hair', ['tag:[*hair|*hair]@0', 'eof@9']],
  ])('%j', (src, expected) => {
    expect(shape(src)).toEqual(expected);
  });

  it('keeps balanced parentheses inside unquoted values and stops at an unbalanced one', () => {
    expect(shape('(tag:hatsune_miku_(cosplay))')).toEqual([
      'lparen@0',
      'tag:[hatsune_miku_(cosplay)|hatsune_miku_(cosplay)]@1',
      'rparen@27',
      'eof@28',
    ]);
    expect(shape('tag:(o)_(o)')).toEqual(['tag:[(o)_(o)|(o)_(o)]@0', 'eof@11']);
    expect(shape('a(b)c)')).toEqual(['[a(b)c|a(b)c]@0', 'rparen@5', 'eof@6']);
  });

  it('takes quoted values literally and resolves only the documented escapes', () => {
    expect(shape('tag:"^_^"')).toEqual(['tag:[^_^|^_^]@0', 'eof@9']);
    expect(shape('tag:":3"')).toEqual(['tag:[:3|:3]@0', 'eof@8']);
    expect(shape('"a (b) OR c"')).toEqual(['[a (b) OR c|a (b) OR c]@0', 'eof@12']);
    expect(shape(String.raw`"say \"hi\""`)).toEqual(['[say "hi"|say "hi"]@0', 'eof@12']);
    expect(shape(String.raw`"a\\b"`)).toEqual([String.raw`[a\b|a\\b]@0`, 'eof@6']);
    expect(shape(String.raw`tag:"\m/"`)).toEqual([String.raw`tag:[\m/|\\m/]@0`, 'eof@9']);
    expect(shape(String.raw`tag:"\*"`)).toEqual([String.raw`tag:[*|\*]@0`, 'eof@8']);
  });

  it('marks only unescaped * and ? as wildcards', () => {
    const [t] = lexAll(String.raw`tag:"a\?b*"`);
    expect(t).toMatchObject({ type: 'term', value: { kind: 'plain', literal: 'a?b*', glob: String.raw`a\?b*`, hasWildcard: true } });
    const [u] = lexAll(String.raw`tag:a\?`);
    expect(u).toMatchObject({ value: { hasWildcard: false, literal: 'a?' } });
  });

  it('reads /regex/flags only after text: and tag:', () => {
    expect(shape('text:/re+d/i')).toEqual(['text:/re+d/i@0', 'eof@12']);
    expect(shape('tag:/a[/]b/')).toEqual(['tag:/a[/]b/@0', 'eof@11']);
    expect(shape(String.raw`text:/a\/b/`)).toEqual([String.raw`text:/a\/b/@0`, 'eof@11']);
    expect(shape('file:/sub/*')).toEqual(['file:[/sub/*|/sub/*]@0', 'eof@11']);
    expect(shape('/x/')).toEqual(['[/x/|/x/]@0', 'eof@3']);
  });

  it.each([
    ['tag:"abc', 4, /Unclosed quote/],
    ['"', 0, /Unclosed quote/],
    [String.raw`"abc\"`, 0, /Unclosed quote/],
    ['tag:', 4, /value after 'tag:'/],
    ['tag: smile', 4, /value after 'tag:'/],
    ['(tag:)', 5, /value after 'tag:'/],
    ['tags>', 5, /value after 'tags>'/],
    ['text:/abc', 5, /Unclosed regular expression/],
    ['text:/a[/]', 5, /Unclosed regular expression/],
    ['text://', 5, /Empty regular expression/],
    ['tag:"a"b', 7, /after the closing quote/],
    ['text:/a/i,', 9, /after the regular expression/],
    ['a > 3', 2, /without spaces/],
  ])('error %j at %d', (src, position, message) => {
    const e = lexError(src);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });
});
