import { describe, it, expect } from 'vitest';
import { formatQueryError } from './format.ts';
import { parseQuery } from './parser.ts';

function formatted(src: string): string {
  const r = parseQuery(src);
  if (r.ok) throw new Error(`expected an error for ${src}`);
  return formatQueryError(src, r.error);
}

describe('formatQueryError', () => {
  it('puts the caret under the offending character', () => {
    expect(formatted('tag:smile foo:bar')).toBe(
      [
        "Unknown field 'foo'. Fields are: tag, text, file, has, missing, is, tags, sentences, chars. To search for the text itself, put it in quotes",
        'tag:smile foo:bar',
        '          ^',
      ].join('\n'),
    );
  });

  it('puts the caret under an unknown is: value and lists the known ones', () => {
    expect(formatted('tag:smile is:done').split('\n')).toEqual([
      "Unknown value 'done' for is: use reviewed, trigger-only",
      'tag:smile is:done',
      '             ^',
    ]);
  });

  it('points past the end for a missing operand', () => {
    expect(formatted('a AND').split('\n')).toEqual(["'AND' needs a term after it", 'a AND', '     ^']);
  });

  it('keeps the caret aligned across tabs, newlines and characters outside the BMP', () => {
    expect(formatted('a\tb)').split('\n').slice(1)).toEqual(['a b)', '   ^']);
    expect(formatted('a\n)').split('\n').slice(1)).toEqual(['a )', '  ^']);
    expect(formatted('😀 )').split('\n').slice(1)).toEqual(['😀 )', '  ^']);
  });

  it('clamps positions outside the query', () => {
    const e = { kind: 'query-syntax' as const, message: 'm', position: 99 };
    expect(formatQueryError('ab', e)).toBe('m\nab\n  ^');
    expect(formatQueryError('ab', { ...e, position: -3 })).toBe('m\nab\n^');
  });
});
