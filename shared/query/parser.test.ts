import { describe, it, expect } from 'vitest';
import type { QueryNode } from './ast.ts';
import { parseQuery, QUERY_HELP } from './parser.ts';

function parsed(src: string): QueryNode {
  const r = parseQuery(src);
  if (!r.ok) throw new Error(`${src}: ${r.error.message} @${r.error.position}`);
  return r.value;
}

const text = (value: string): QueryNode => ({ type: 'text', match: { kind: 'substring', value } });
const tag = (value: string): QueryNode => ({ type: 'tag', match: { kind: 'exact', value } });
const and = (...operands: QueryNode[]): QueryNode => ({ type: 'and', operands });
const or = (...operands: QueryNode[]): QueryNode => ({ type: 'or', operands });
const not = (operand: QueryNode): QueryNode => ({ type: 'not', operand });

describe('parseQuery: terms', () => {
  it.each<[string, QueryNode]>([
    ['', { type: 'all' }],
    [' \t\n ', { type: 'all' }],
    ['tag:smile', tag('smile')],
    ['tag:"long hair"', tag('long hair')],
    ['tag:"hatsune_miku_(cosplay)"', tag('hatsune_miku_(cosplay)')],
    ['tag:hatsune_miku_(cosplay)', tag('hatsune_miku_(cosplay)')],
    ['tag:"^_^"', tag('^_^')],
    ['tag:":3"', tag(':3')],
    ['tag::3', tag(':3')],
    ['tag:re:zero', tag('re:zero')],
    ['Tag:Smile', tag('Smile')],
    ['tag:*hair', { type: 'tag', match: { kind: 'glob', pattern: '*hair' } }],
    ['tag:"?girl"', { type: 'tag', match: { kind: 'glob', pattern: '?girl' } }],
    ['tag:/hair$/i', { type: 'tag', match: { kind: 'regex', source: 'hair$', flags: 'i' } }],
    ['text:red', text('red')],
    ['text:"red*"', text('red*')],
    ['text:/re+d/i', { type: 'text', match: { kind: 'regex', source: 're+d', flags: 'i' } }],
    ['red', text('red')],
    ['"red dress"', text('red dress')],
    [':3', text(':3')],
    ['1girl', text('1girl')],
    ['file:*.png', { type: 'file', pattern: '*.png' }],
    ['file:"sub dir/*"', { type: 'file', pattern: 'sub dir/*' }],
    ['has:caption', { type: 'has', property: 'caption', present: true }],
    ['missing:caption', { type: 'has', property: 'caption', present: false }],
    ['has:prose', { type: 'has', property: 'prose', present: true }],
    ['missing:PROSE', { type: 'has', property: 'prose', present: false }],
    ['has:tags', { type: 'has', property: 'tags', present: true }],
    ['is:reviewed', { type: 'is', property: 'reviewed' }],
    ['IS:REVIEWED', { type: 'is', property: 'reviewed' }],
    ['is:"reviewed"', { type: 'is', property: 'reviewed' }],
    ['tags>30', { type: 'count', property: 'tags', op: '>', value: 30 }],
    ['tags<=3', { type: 'count', property: 'tags', op: '<=', value: 3 }],
    ['tags=0', { type: 'count', property: 'tags', op: '=', value: 0 }],
    ['tags:5', { type: 'count', property: 'tags', op: '=', value: 5 }],
    ['sentences!=3', { type: 'count', property: 'sentences', op: '!=', value: 3 }],
    ['chars>200', { type: 'count', property: 'chars', op: '>', value: 200 }],
    ['chars>=1', { type: 'count', property: 'chars', op: '>=', value: 1 }],
    ['chars<1', { type: 'count', property: 'chars', op: '<', value: 1 }],
  ])('%j', (src, expected) => {
    expect(parsed(src)).toEqual(expected);
  });
});

describe('parseQuery: boolean structure and precedence', () => {
  it.each<[string, QueryNode]>([
    ['a b', and(text('a'), text('b'))],
    ['a AND b', and(text('a'), text('b'))],
    ['a and b', and(text('a'), text('b'))],
    ['a OR b', or(text('a'), text('b'))],
    ['a or b', or(text('a'), text('b'))],
    ['NOT a', not(text('a'))],
    ['not a', not(text('a'))],
    ['-a', not(text('a'))],
    ['--a', not(not(text('a')))],
    ['- a', not(text('a'))],
    ['-tag:smile', not(tag('smile'))],
    ['-is:reviewed', not({ type: 'is', property: 'reviewed' })],
    ['NOT is:reviewed tag:smile', and(not({ type: 'is', property: 'reviewed' }), tag('smile'))],
    ['-(a b)', not(and(text('a'), text('b')))],
    ['a b c', and(text('a'), text('b'), text('c'))],
    ['a OR b OR c', or(text('a'), text('b'), text('c'))],
    // AND binds tighter than OR, on either side.
    ['a OR b c', or(text('a'), and(text('b'), text('c')))],
    ['a OR b AND c', or(text('a'), and(text('b'), text('c')))],
    ['a AND b OR c', or(and(text('a'), text('b')), text('c'))],
    // NOT binds tighter than AND.
    ['NOT a b', and(not(text('a')), text('b'))],
    ['NOT a OR b', or(not(text('a')), text('b'))],
    ['a -b', and(text('a'), not(text('b')))],
    ['a NOT b', and(text('a'), not(text('b')))],
    ['(a OR b) c', and(or(text('a'), text('b')), text('c'))],
    ['NOT (a OR b)', not(or(text('a'), text('b')))],
    ['((a))', text('a')],
    ['(tag:smile)', tag('smile')],
    ['(tag:name_(series))', tag('name_(series)')],
    ['"and" "or" "not"', and(text('and'), text('or'), text('not'))],
    ['tag:and OR text:or', or(tag('and'), text('or'))],
  ])('%j', (src, expected) => {
    expect(parsed(src)).toEqual(expected);
  });
});

describe('parseQuery: errors point at the problem', () => {
  it.each<[string, number, RegExp]>([
    ['foo:bar', 0, /Unknown field 'foo'/],
    ['smile hair:long', 6, /Unknown field 'hair'/],
    ['tag:"long hair', 4, /Unclosed quote/],
    ['a "b', 2, /Unclosed quote/],
    ['(a', 0, /Unclosed '\('/],
    ['a (b OR (c)', 2, /Unclosed '\('/],
    ['(', 0, /Unclosed '\('/],
    ['()', 1, /Empty parentheses/],
    ['a)', 1, /Unmatched '\)'/],
    [')', 0, /Unmatched '\)'/],
    ['(a)) b', 3, /Unmatched '\)'/],
    ['a AND', 5, /'AND' needs a term after it/],
    ['a AND   ', 8, /'AND' needs a term after it/],
    ['a OR', 4, /'OR' needs a term after it/],
    ['a OR OR b', 5, /'OR' needs a term after it/],
    ['a AND OR b', 6, /'AND' needs a term after it/],
    ['(a OR)', 5, /'OR' needs a term after it/],
    ['NOT', 3, /'NOT' needs a term after it/],
    ['a NOT', 5, /'NOT' needs a term after it/],
    ['-', 1, /'-' needs a term after it/],
    ['(-)', 2, /'-' needs a term after it/],
    ['AND a', 0, /'AND' needs a term before it/],
    ['or a', 0, /'OR' needs a term before it/],
    ['(AND a)', 1, /'AND' needs a term before it/],
    ['tags>x', 5, /whole number/],
    ['tags>-1', 5, /whole number/],
    ['chars>2.5', 6, /whole number/],
    ['tags:smile', 5, /use tag:smile/],
    ['sentences=', 10, /value after 'sentences='/],
    ['has:cats', 4, /Unknown value 'cats' for has/],
    ['missing:"caption x"', 8, /Unknown value/],
    ['is:done', 3, /Unknown value 'done' for is: use reviewed/],
    ['tag:a is:"reviewed x"', 9, /Unknown value 'reviewed x' for is: use reviewed/],
    ['is:/reviewed/', 3, /Unknown value '\/reviewed\/' for is/],
    ['is>1', 2, /'is' takes a value after ':'/],
    ['is:', 3, /Expected a value after 'is:'/],
    ['isnt:reviewed', 0, /Unknown field 'isnt'. Fields are: tag, text, file, has, missing, is, tags/],
    ['tag>3', 3, /'tag' takes a value after ':'/],
    ['file!=x', 4, /'file' takes a value after ':'/],
    ['text:/a/g', 8, /flag 'g'/],
    ['text:/a/iy', 9, /flag 'y'/],
    ['text:/(/', 6, /Unclosed '\('/],
    ['tag:/a/ii', 8, /Flag 'i' is given twice/],
    ['text:/a/v', 8, /Flag 'v'/],
    ['text:/(a)\\1/', 9, /Backreference \\1 is not supported/],
    ['tag:/x(?=y)/i', 6, /Lookahead/],
    ['text:/ab(?<!c)/', 8, /Lookbehind/],
    ['text:/a{2000}/', 7, /repeat count/],
    ['tag:x )', 6, /Unmatched '\)'/],
  ])('%j -> position %d', (src, position, message) => {
    const r = parseQuery(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('query-syntax');
    expect(r.error.message).toMatch(message);
    expect(r.error.position).toBe(position);
  });

  it('reports the leftmost problem when there are several', () => {
    const r = parseQuery('a) "unclosed');
    expect(r.ok ? null : r.error.position).toBe(1);
  });

  it('refuses absurd nesting with an error instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}a${')'.repeat(5000)}`;
    const r = parseQuery(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nested too deeply/);
    const nots = `${'-'.repeat(5000)}a`;
    expect(parseQuery(nots).ok).toBe(false);
    // Long flat chains are not nesting and must stay fine.
    expect(parseQuery(Array.from({ length: 5000 }, (_, i) => `t${i}`).join(' OR ')).ok).toBe(true);
  });
});

describe('QUERY_HELP', () => {
  it('documents every field and operator', () => {
    for (const word of ['tag:', 'text:', 'file:', 'has:', 'missing:', 'is:reviewed', '-is:reviewed', 'tags>', 'sentences', 'chars', 'AND', 'OR', 'NOT', '-a', '*', '?']) {
      expect(QUERY_HELP).toContain(word);
    }
  });

  it('uses only examples the parser accepts', () => {
    const examples = [
      'tag:smile', 'tag:"long hair"', 'tag:*hair', 'tag:?girl', 'tag:/hair$/i', 'text:red', 'text:/re+d/i',
      'file:*.png', 'file:"sub dir/*"', 'file:**/close*.jpg', 'has:caption', 'missing:caption', 'has:prose',
      'missing:prose', 'has:tags', 'missing:tags', 'is:reviewed', '-is:reviewed', 'tags>30', 'tags<=3', 'sentences!=3', 'chars>200',
      'a OR b c', 'text:"and"', 'tag:hatsune_miku_(cosplay)', 'tag:(o)_(o)', 'tag:"^_^"', 'tag:":3"',
      'tag:"name_(series"', String.raw`tag:"\m/"`,
    ];
    for (const ex of examples) {
      expect(QUERY_HELP).toContain(ex);
      expect(parseQuery(ex).ok, ex).toBe(true);
    }
  });
});
