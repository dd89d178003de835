import { describe, it, expect } from 'vitest';
import { parseCaption, serializeCaption } from '../caption/index.ts';
import { applyOps, type OpContext } from './apply.ts';
import { TagOpSchema, type TagOp } from './ops.ts';

const ctx = (over: Partial<OpContext> = {}): OpContext => ({
  triggerWords: [],
  frequencies: new Map(),
  separator: ', ',
  ...over,
});

/** Ops go through the schema so defaults (`at: 'end'`, `regex: false`...) are the real ones. */
const op = (o: unknown): TagOp => TagOpSchema.parse(o);

const run = (text: string, ops: unknown[], c: Partial<OpContext> = {}) =>
  serializeCaption(applyOps(parseCaption(text), ops.map(op), ctx(c)));

describe('add', () => {
  it.each([
    ['a, b', { op: 'add', tags: ['c'] }, 'a, b, c'],
    ['a, b', { op: 'add', tags: ['c'], at: 'end' }, 'a, b, c'],
    ['a, b', { op: 'add', tags: ['c', 'd'], at: 'start' }, 'c, d, a, b'],
    ['a, b', { op: 'add', tags: ['c'], at: 1 }, 'a, c, b'],
    ['a, b', { op: 'add', tags: ['c'], at: 99 }, 'a, b, c'],
    ['a, b', { op: 'add', tags: ['b'] }, 'a, b'],
    ['a, b', { op: 'add', tags: ['b', 'c', 'c'] }, 'a, b, c'],
    ['', { op: 'add', tags: ['ohwx'] }, 'ohwx'],
    ['1girl, solo.', { op: 'add', tags: ['smile'] }, '1girl, solo, smile.'],
    ['1girl. She sits.\nnotes', { op: 'add', tags: ['smile'] }, '1girl, smile. She sits.\nnotes'],
  ])('%j + %j', (text, o, expected) => {
    expect(run(text, [o])).toBe(expected);
  });

  it('start and afterTriggers both land right after the trigger words', () => {
    const c = { triggerWords: ['ohwx', 'sks'] };
    expect(run('ohwx, sks, a', [{ op: 'add', tags: ['b'], at: 'start' }], c)).toBe('ohwx, sks, b, a');
    expect(run('ohwx, sks, a', [{ op: 'add', tags: ['b'], at: 'afterTriggers' }], c)).toBe('ohwx, sks, b, a');
    expect(run('ohwx, sks, a', [{ op: 'add', tags: ['b'], at: 1 }], c)).toBe('ohwx, sks, b, a');
    expect(run('ohwx, sks, a', [{ op: 'add', tags: ['b'], at: 3 }], c)).toBe('ohwx, sks, a, b');
  });
});

describe('remove', () => {
  it('removes every occurrence of every spelling: case and _/space are one tag', () => {
    expect(run('a, b, a, A, a_b', [{ op: 'remove', tags: ['a'] }])).toBe('b, a_b');
    expect(run('1girl, long hair, Long_Hair, long_hair_ornament', [{ op: 'remove', tags: ['long_hair'] }])).toBe('1girl, long_hair_ornament');
    // A kaomoji is not its spaced look-alike.
    expect(run('^_^, ^ ^', [{ op: 'remove', tags: ['^_^'] }])).toBe('^ ^');
  });
  it('leaves an unrelated caption byte-identical', () => {
    const text = '\uFEFF a ,b,,  c. She sits.\r\n';
    const doc = parseCaption(text);
    expect(applyOps(doc, [op({ op: 'remove', tags: ['zzz'] })], ctx())).toBe(doc);
  });
  it('removing the last tag keeps the prose', () => {
    expect(run('a. She sits.', [{ op: 'remove', tags: ['a'] }])).toBe('She sits.');
  });
});

describe('replace', () => {
  it('replacing a tag with itself is a no-op, never a deletion', () => {
    const doc = parseCaption('1girl, red dress, solo');
    expect(applyOps(doc, [op({ op: 'replace', from: 'red dress', to: 'red dress' })], ctx())).toBe(doc);
    expect(run('1girl, red dress, solo', [{ op: 'replace', from: 'red dress', to: ' red dress ' }])).toBe('1girl, red dress, solo');
  });
  it('replaces in place', () => {
    expect(run('1girl, red dress, solo', [{ op: 'replace', from: 'red dress', to: 'blue dress' }])).toBe('1girl, blue dress, solo');
  });
  it('does not duplicate a tag that is already present', () => {
    expect(run('a, b, c', [{ op: 'replace', from: 'a', to: 'c' }])).toBe('b, c');
    expect(run('a, b, a', [{ op: 'replace', from: 'a', to: 'z' }])).toBe('z, b');
  });
  it('can split into several tags or remove with an empty target', () => {
    expect(run('a, b', [{ op: 'replace', from: 'a', to: 'x, y' }])).toBe('x, y, b');
    expect(run('a, b', [{ op: 'replace', from: 'a', to: '' }])).toBe('b');
  });
  it('finds every spelling of the tag, whole tags only; parentheses are text', () => {
    expect(run('Red, red_dress, name_(series)', [{ op: 'replace', from: 'red', to: 'x' }])).toBe('x, red_dress, name_(series)');
    expect(run('name_(series), x', [{ op: 'replace', from: 'name_(series)', to: 'name (series)' }])).toBe('name (series), x');
  });
  it('unifies two spellings into the one given (a rename onto an existing tag merges)', () => {
    expect(run('long_hair, smile, long hair', [{ op: 'replace', from: 'long_hair', to: 'long hair' }])).toBe('long hair, smile');
    expect(run('long hair, smile', [{ op: 'replace', from: 'long_hair', to: 'long hair' }])).toBe('long hair, smile');
    expect(run('ponytail, smile, long hair', [{ op: 'replace', from: 'ponytail', to: 'long_hair' }])).toBe('smile, long hair');
  });
});

describe('replaceText', () => {
  it('replaces literally inside tags and prose', () => {
    expect(run('red dress, red eyes. Her red dress is long.', [{ op: 'replaceText', find: 'red', replace: 'blue' }]))
      .toBe('blue dress, blue eyes. Her blue dress is long.');
  });
  it('treats regex characters and $ literally unless regex is set', () => {
    expect(run('a (b), c', [{ op: 'replaceText', find: '(b)', replace: '$&$1' }])).toBe('a $&$1, c');
    expect(run('Red, red', [{ op: 'replaceText', find: 'RED', replace: 'x$1', caseSensitive: false }])).toBe('x$1, x$1');
  });
  it('supports JS regexes with groups, per tag', () => {
    expect(run('long hair, short hair', [{ op: 'replaceText', find: '^(\\w+) hair$', replace: 'hair ($1)', regex: true }]))
      .toBe('hair (long), hair (short)');
    // `.*` cannot eat across tags: each tag is matched alone.
    expect(run('a, b, c', [{ op: 'replaceText', find: 'a.*c', replace: 'X', regex: true }])).toBe('a, b, c');
  });
  it('drops a tag that becomes empty and splits one that gains a comma', () => {
    expect(run('a, xx, b', [{ op: 'replaceText', find: 'x', replace: '' }])).toBe('a, b');
    expect(run('cat and dog, b', [{ op: 'replaceText', find: ' and ', replace: ', ' }])).toBe('cat, dog, b');
  });
  it('handles the prose as a whole', () => {
    expect(run('a. She sits. She smiles.', [{ op: 'replaceText', find: 'sits\\. She', replace: 'sits and', regex: true }]))
      .toBe('a. She sits and smiles.');
  });
  it('keeps backslash-escaped parentheses as text', () => {
    expect(run('\\(cosplay\\), x', [{ op: 'replaceText', find: '\\(', replace: '(' }])).toBe('(cosplay\\), x');
  });
  it('throws a typed error on a bad regex', () => {
    expect(() => run('a', [{ op: 'replaceText', find: '(', replace: '', regex: true }])).toThrow(/Invalid pattern \/\(\/: Unclosed/);
  });
});

describe('moveFront', () => {
  it('moves listed tags to the front in the listed order, after the trigger words', () => {
    expect(run('a, b, c, d', [{ op: 'moveFront', tags: ['d', 'c'] }])).toBe('d, c, a, b');
    expect(run('ohwx, a, b, c', [{ op: 'moveFront', tags: ['c'] }], { triggerWords: ['ohwx'] })).toBe('ohwx, c, a, b');
    expect(run('a, b', [{ op: 'moveFront', tags: ['zzz'] }])).toBe('a, b');
  });
});

describe('sort', () => {
  it('sorts alphabetically, case-insensitively, ties by code units', () => {
    expect(run('solo, B, b, 1girl, a', [{ op: 'sort', by: 'alpha' }])).toBe('1girl, a, B, b, solo');
  });
  it('sorts by descending dataset frequency, ties alphabetical', () => {
    const frequencies = new Map([['solo', 10], ['1girl', 10], ['smile', 3]]);
    expect(run('smile, zzz, solo, aaa, 1girl', [{ op: 'sort', by: 'freq' }], { frequencies })).toBe('1girl, solo, smile, aaa, zzz');
  });
  it('never moves the trigger word from the front (a peer bug: trigger drifted after sort)', () => {
    expect(run('zzz, b, a', [{ op: 'sort', by: 'alpha' }], { triggerWords: ['zzz'] })).toBe('zzz, a, b');
    const frequencies = new Map([['a', 100]]);
    expect(run('zzz, b, a', [{ op: 'sort', by: 'freq' }], { triggerWords: ['zzz'], frequencies })).toBe('zzz, a, b');
  });
  it('keeps parenthesised tags whole (a peer bug: tags split as weights)', () => {
    expect(run('hatsune_miku_(cosplay), (masterpiece:1.2), a', [{ op: 'sort', by: 'alpha' }]))
      .toBe('(masterpiece:1.2), a, hatsune_miku_(cosplay)');
  });
});

describe('dedupe', () => {
  it('removes repeated tags in any spelling, the first kept', () => {
    expect(run('a, b, a, B, b', [{ op: 'dedupe' }])).toBe('a, b');
    expect(run('long_hair, smile, Long hair', [{ op: 'dedupe' }])).toBe('long_hair, smile');
  });
});

describe('underscoresToSpaces', () => {
  it('converts tags, keeps kaomoji and trigger words', () => {
    expect(run('ohwx_style, hatsune_miku_(cosplay), ^_^, >_<, o_o, -_-, long_hair', [{ op: 'underscoresToSpaces' }], { triggerWords: ['ohwx_style'] }))
      .toBe('ohwx_style, hatsune miku (cosplay), ^_^, >_<, o_o, -_-, long hair');
  });
  it('does not touch prose', () => {
    expect(run('a_b. She reads snake_case.', [{ op: 'underscoresToSpaces' }])).toBe('a b. She reads snake_case.');
  });
});

describe('trigger', () => {
  it('puts the words first in order, adding missing ones', () => {
    expect(run('a, sks, b', [{ op: 'trigger', words: ['ohwx', 'sks'] }])).toBe('ohwx, sks, a, b');
    expect(run('', [{ op: 'trigger', words: ['ohwx'] }])).toBe('ohwx');
    expect(run('She sits on a chair.', [{ op: 'trigger', words: ['ohwx'] }])).toBe('ohwx. She sits on a chair.');
  });
  it('makes the words trigger words for the rest of the op list', () => {
    expect(run('b, a', [{ op: 'trigger', words: ['zz'] }, { op: 'sort', by: 'alpha' }])).toBe('zz, a, b');
    expect(run('b, a', [{ op: 'trigger', words: ['zz'] }, { op: 'add', tags: ['c'], at: 'start' }])).toBe('zz, c, b, a');
  });
  it('leads the existing trigger words', () => {
    expect(run('ohwx, a', [{ op: 'trigger', words: ['sks'] }, { op: 'sort', by: 'alpha' }], { triggerWords: ['ohwx'] })).toBe('sks, ohwx, a');
  });
});

describe('trigger pinning', () => {
  it('re-pins after an op that changed the tags', () => {
    expect(run('a, ohwx, b', [{ op: 'add', tags: ['c'] }], { triggerWords: ['ohwx'] })).toBe('ohwx, a, b, c');
    expect(run('a, ohwx', [{ op: 'replace', from: 'a', to: 'sks' }], { triggerWords: ['sks', 'ohwx'] })).toBe('sks, ohwx');
  });
  it('does not rewrite a caption an op did not change', () => {
    expect(run('a, ohwx', [{ op: 'remove', tags: ['zzz'] }], { triggerWords: ['ohwx'] })).toBe('a, ohwx');
  });
});

describe('applyOps', () => {
  it('returns the same doc for an empty op list', () => {
    const doc = parseCaption('b, a, a, ohwx');
    expect(applyOps(doc, [], ctx({ triggerWords: ['ohwx'] }))).toBe(doc);
  });
  it('runs ops in order', () => {
    expect(run('a', [{ op: 'remove', tags: ['b'] }, { op: 'add', tags: ['b'] }])).toBe('a, b');
    expect(run('a', [{ op: 'add', tags: ['b'] }, { op: 'remove', tags: ['b'] }])).toBe('a');
  });
  it('keeps the file separator, BOM, CRLF and later lines', () => {
    expect(run('\uFEFFa,b\r\nnotes\r\n', [{ op: 'add', tags: ['c'] }], { separator: ' | ' })).toBe('\uFEFFa,b,c\r\nnotes\r\n');
    expect(run('a\r\nnotes', [{ op: 'add', tags: ['c'] }], { separator: ',' })).toBe('a,c\r\nnotes');
  });
});

describe('tag identity', () => {
  it('reads case, _ and runs of spaces as one spelling; kaomoji keep their underscores', async () => {
    const { tagKey } = await import('./tag-key.ts');
    expect(['long_hair', 'Long Hair', ' long  hair ', 'long__hair'].map(tagKey)).toEqual(['long hair', 'long hair', 'long hair', 'long hair']);
    expect(tagKey('^_^')).toBe('^_^');
    expect(tagKey('hatsune_miku_(cosplay)')).toBe('hatsune miku (cosplay)');
  });
});
