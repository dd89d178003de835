import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { QueryItem } from './ast.ts';
import { compileQuery } from './evaluate.ts';
import { formatQueryError } from './format.ts';
import { parseQuery } from './parser.ts';

const VOCAB = ['1girl', 'solo', 'Long Hair', 'short hair', 'smile', 'red dress', 'hatsune_miku_(cosplay)', '^_^', ':3'];

const itemArb: fc.Arbitrary<QueryItem> = fc
  .record({
    tags: fc.subarray(VOCAB),
    prose: fc.constantFrom('', 'She smiles.', 'A red door. Two cats sit.', 'Rain falls. It is dark. Red light.'),
    path: fc.constantFrom('a.png', 'sub/b.PNG', 'sub dir/c.jpg', 'deep/er/d.webp'),
    hasCaption: fc.boolean(),
    reviewed: fc.boolean(),
  })
  .map(({ tags, prose, path, hasCaption, reviewed }) => {
    const text = hasCaption ? [tags.join(', '), prose].filter((s) => s !== '').join('. ') : '';
    return {
      path,
      hasCaption,
      tags: hasCaption ? tags : [],
      prose: hasCaption ? prose : '',
      text,
      sentences: hasCaption ? prose.split('.').filter((s) => s.trim() !== '').length : 0,
      reviewed,
    };
  });

const ATOMS = [
  'tag:solo', 'tag:SMILE', 'tag:*hair', 'tag:"long hair"', 'tag:hatsune_miku_(cosplay)', 'tag:"^_^"', 'tag:":3"',
  'text:red', 'text:/r.d/i', 'cats', 'file:*.png', 'file:"sub dir/*"', 'has:prose', 'missing:caption', 'has:tags',
  'tags>3', 'tags=0', 'sentences!=3', 'chars<40', '-tag:solo', 'NOT has:caption', 'is:reviewed', '-is:reviewed',
];

/** Random well-formed queries; every composite wraps its parts in parentheses so they nest safely. */
const queryArb: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) AND (${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) (${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) or (${b})`),
    tie('q').map((a) => `NOT (${a})`),
    tie('q').map((a) => `-(${a})`),
  ),
})).q;

function predicate(src: string): (item: QueryItem) => boolean {
  const r = compileQuery(src);
  if (!r.ok) throw new Error(`${src}: ${r.error.message} @${r.error.position}`);
  return r.value;
}

/** Both queries select exactly the same items. */
function equivalent(a: string, b: string, item: QueryItem): void {
  expect(predicate(a)(item), `${a}  vs  ${b}`).toBe(predicate(b)(item));
}

describe('query algebra', () => {
  it('NOT NOT q is q', () => {
    fc.assert(fc.property(queryArb, itemArb, (q, item) => equivalent(`NOT NOT (${q})`, q, item)));
    fc.assert(fc.property(queryArb, itemArb, (q, item) => equivalent(`--(${q})`, q, item)));
  });

  it('AND and OR commute', () => {
    fc.assert(fc.property(queryArb, queryArb, itemArb, (a, b, item) => {
      equivalent(`(${a}) AND (${b})`, `(${b}) AND (${a})`, item);
      equivalent(`(${a}) OR (${b})`, `(${b}) OR (${a})`, item);
    }));
  });

  it('De Morgan', () => {
    fc.assert(fc.property(queryArb, queryArb, itemArb, (a, b, item) => {
      equivalent(`NOT ((${a}) AND (${b}))`, `(NOT (${a})) OR (NOT (${b}))`, item);
      equivalent(`NOT ((${a}) OR (${b}))`, `-(${a}) -(${b})`, item);
    }));
  });

  it('juxtaposition is AND, and it binds tighter than OR', () => {
    fc.assert(fc.property(queryArb, queryArb, queryArb, itemArb, (a, b, c, item) => {
      equivalent(`(${a}) (${b})`, `(${a}) AND (${b})`, item);
      equivalent(`(${a}) OR (${b}) (${c})`, `(${a}) OR ((${b}) AND (${c}))`, item);
      equivalent(`(${a}) AND (${b}) OR (${c})`, `((${a}) AND (${b})) OR (${c})`, item);
    }));
  });

  it('NOT binds tighter than AND', () => {
    fc.assert(fc.property(fc.constantFrom(...ATOMS), fc.constantFrom(...ATOMS), itemArb, (a, b, item) => {
      equivalent(`NOT ${a} ${b}`, `(NOT ${a}) AND ${b}`, item);
    }));
  });
});

/** The escaping a UI would apply to put any user-typed value inside quotes. */
const quote = (v: string): string => `"${v.replace(/[\\"*?]/g, (c) => `\\${c}`)}"`;

describe('quoting', () => {
  it('any tag, quoted, matches itself in any letter case and nothing else', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), fc.boolean(), (tag, upper) => {
      const stored = upper ? tag.toUpperCase() : tag;
      const matches = predicate(`tag:${quote(tag)}`);
      const base = { path: 'a.png', hasCaption: true, prose: '', sentences: 0, reviewed: false };
      expect(matches({ ...base, tags: ['other', stored], text: `other, ${stored}` })).toBe(
        stored.toLowerCase() === tag.toLowerCase(),
      );
      expect(matches({ ...base, tags: [`${tag}x`], text: `${tag}x` })).toBe(false);
    }));
  });

  it('any text, quoted, is found as a substring', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (before, needle, after) => {
      const text = `${before}${needle}${after}`;
      const item = { path: 'a.png', hasCaption: true, tags: [], prose: text, sentences: 1, text, reviewed: false };
      expect(predicate(`text:${quote(needle)}`)(item)).toBe(true);
      expect(predicate(quote(needle))(item)).toBe(true);
    }));
  });
});

const SOUP = ['tag:', 'text:', 'file:', 'has:', 'missing:', 'is:', 'reviewed', 'tags>', 'chars<=', 'foo:', '"', '\\', '(', ')', '-', ' ', '\t',
  'AND', 'or', 'NOT', '*', '?', '/', '/i', ':', 'caption', 'a', '3', 'x_(y)', '😀', '\n'];

describe('parseQuery on arbitrary input', () => {
  const check = (src: string): void => {
    const r = parseQuery(src);
    if (r.ok) {
      const compiled = compileQuery(src);
      expect(compiled.ok).toBe(true);
      if (compiled.ok) {
        compiled.value({ path: 'a/b.png', hasCaption: true, tags: ['a', 'b c'], prose: 'X.', text: 'a, b c. X.', sentences: 1, reviewed: true });
      }
      return;
    }
    expect(r.error.kind).toBe('query-syntax');
    expect(r.error.message.length).toBeGreaterThan(0);
    expect(r.error.position).toBeGreaterThanOrEqual(0);
    expect(r.error.position).toBeLessThanOrEqual(src.length);
    expect(Number.isInteger(r.error.position)).toBe(true);
    expect(formatQueryError(src, r.error).split('\n')).toHaveLength(3);
  };

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), check), { numRuns: 2000 });
  });

  it('never throws on soups of query syntax', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...SOUP), { maxLength: 25 }).map((p) => p.join('')), check), {
      numRuns: 5000,
    });
  });
});
