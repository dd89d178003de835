import { describe, it, expect } from 'vitest';
import type { QueryItem, QueryNode } from './ast.ts';
import { compileQuery, evaluateQuery } from './evaluate.ts';
import { parseQuery } from './parser.ts';

/** Builds line 1 the way captions are written: tags, then the sentences. */
function item(tags: string[], prose = '', path = 'img_001.png', hasCaption = true, reviewed = false): QueryItem {
  const tagPart = tags.join(', ');
  const text = prose ? (tagPart ? `${tagPart}. ${prose}` : prose) : tagPart;
  const sentences = prose.split(/[.!?]+/).filter((s) => s.trim() !== '').length;
  return { path, hasCaption, tags, prose, text, sentences, reviewed };
}

const girl = item(
  ['ohwx', '1girl', 'solo', 'Long Hair', 'hatsune_miku_(cosplay)', '^_^', ':3', 'red dress', 'kneeling'],
  'She kneels on a wooden floor. The light is warm. Red curtains hang behind her.',
  'sub dir/Img_001.PNG',
);
const tagsOnly = item(['1boy', 'short hair', 'smile', 'outdoors'], '', 'boys/img_002.jpg', true, true);
const proseOnly = item([], 'A turtle wearing socks.', 'img_003.webp');
const uncaptioned = item([], '', 'raw/img_004.png', false, true);
const blankFile: QueryItem = { path: 'img_005.png', hasCaption: true, tags: [], prose: '', text: '   ', sentences: 0, reviewed: false };
const emoji = item(['😀', 'star (symbol)', '*', '?'], '', 'img_006.png');

const ALL = { girl, tagsOnly, proseOnly, uncaptioned, blankFile, emoji };
type Name = keyof typeof ALL;

function matching(src: string): Name[] {
  const compiled = compileQuery(src);
  if (!compiled.ok) throw new Error(`${src}: ${compiled.error.message}`);
  return (Object.keys(ALL) as Name[]).filter((name) => compiled.value(ALL[name]));
}

describe('evaluate: every construct', () => {
  it.each<[string, Name[]]>([
    ['', ['girl', 'tagsOnly', 'proseOnly', 'uncaptioned', 'blankFile', 'emoji']],
    // tag: exact, case-insensitive, whole tag only
    ['tag:solo', ['girl']],
    ['tag:SOLO', ['girl']],
    ['tag:"long hair"', ['girl']],
    ['tag:long', []],
    ['tag:"hatsune_miku_(cosplay)"', ['girl']],
    ['tag:hatsune_miku_(cosplay)', ['girl']],
    ['tag:"hatsune miku (cosplay)"', ['girl']],
    ['tag:"Hatsune Miku (Cosplay)"', ['girl']],
    ['tag:hatsune_*', ['girl']],
    ['tag:"hatsune miku*"', ['girl']],
    ['tag:"HATSUNE  MIKU (cosplay)"', ['girl']],
    ['tag:"^_^"', ['girl']],
    ['tag:":3"', ['girl']],
    ['tag:😀', ['emoji']],
    // wildcards, and escaped wildcards as literal characters
    ['tag:*hair', ['girl', 'tagsOnly']],
    ['tag:*HAIR', ['girl', 'tagsOnly']],
    ['tag:?girl', ['girl']],
    ['tag:"star (*)"', ['emoji']],
    ['tag:*', ['girl', 'tagsOnly', 'emoji']],
    [String.raw`tag:\*`, ['emoji']],
    [String.raw`tag:"\?"`, ['emoji']],
    ['tag:/^red /', ['girl']],
    ['tag:/^RED /', []],
    ['tag:/^RED /i', ['girl']],
    // text: substring of line 1, case-insensitive
    ['text:red', ['girl']],
    ['text:"wooden floor"', ['girl']],
    ['text:TURTLE', ['proseOnly']],
    ['text:"kneeling. She"', ['girl']],
    ['text:"re*"', []],
    ['text:/re+d/i', ['girl']],
    ['text:/^1boy/', ['tagsOnly']],
    ['turtle', ['proseOnly']],
    ['"red curtains"', ['girl']],
    // file:
    ['file:*.png', ['girl', 'uncaptioned', 'blankFile', 'emoji']],
    ['file:"sub dir/*"', ['girl']],
    ['file:boys/*', ['tagsOnly']],
    ['file:img_00?.*', ['girl', 'tagsOnly', 'proseOnly', 'uncaptioned', 'blankFile', 'emoji']],
    ['file:img_003.webp', ['proseOnly']],
    ['file:**/*.jpg', ['tagsOnly']],
    // has: / missing:
    ['has:caption', ['girl', 'tagsOnly', 'proseOnly', 'emoji']],
    ['missing:caption', ['uncaptioned', 'blankFile']],
    ['has:prose', ['girl', 'proseOnly']],
    ['missing:prose', ['tagsOnly', 'uncaptioned', 'blankFile', 'emoji']],
    ['has:tags', ['girl', 'tagsOnly', 'emoji']],
    ['missing:tags', ['proseOnly', 'uncaptioned', 'blankFile']],
    // is: (a mark on the image, not caption text)
    ['is:reviewed', ['tagsOnly', 'uncaptioned']],
    ['IS:Reviewed', ['tagsOnly', 'uncaptioned']],
    ['-is:reviewed', ['girl', 'proseOnly', 'blankFile', 'emoji']],
    ['NOT is:reviewed has:caption', ['girl', 'proseOnly', 'emoji']],
    ['is:reviewed OR tag:solo', ['girl', 'tagsOnly', 'uncaptioned']],
    ['"is:reviewed"', []],
    // counts
    ['tags>4', ['girl']],
    ['tags>=4', ['girl', 'tagsOnly', 'emoji']],
    ['tags<4', ['proseOnly', 'uncaptioned', 'blankFile']],
    ['tags<=4', ['tagsOnly', 'proseOnly', 'uncaptioned', 'blankFile', 'emoji']],
    ['tags=0', ['proseOnly', 'uncaptioned', 'blankFile']],
    ['tags!=0', ['girl', 'tagsOnly', 'emoji']],
    ['sentences=3', ['girl']],
    ['sentences!=3', ['tagsOnly', 'proseOnly', 'uncaptioned', 'blankFile', 'emoji']],
    ['sentences=1', ['proseOnly']],
    ['chars=0', ['uncaptioned']],
    ['chars>100', ['girl']],
    // '😀, star (symbol), *, ?' is 22 code points but 23 UTF-16 units
    ['chars=22', ['emoji']],
    // boolean structure
    ['tag:solo tag:smile', []],
    ['tag:solo OR tag:smile', ['girl', 'tagsOnly']],
    ['-has:caption', ['uncaptioned', 'blankFile']],
    ['NOT tag:solo has:tags', ['tagsOnly', 'emoji']],
    ['NOT (tag:solo OR tag:smile) has:caption', ['proseOnly', 'emoji']],
    ['tag:solo OR tag:smile text:outdoors', ['girl', 'tagsOnly']],
    ['(tag:solo OR tag:smile) -text:outdoors', ['girl']],
  ])('%j', (src, expected) => {
    expect(matching(src)).toEqual(expected);
  });
});

describe('evaluateQuery', () => {
  it('agrees with compileQuery and reuses its compiled form for the same AST', () => {
    const r = parseQuery('tag:*hair OR text:/turtle/i');
    if (!r.ok) throw new Error(r.error.message);
    const compiled = compileQuery('tag:*hair OR text:/turtle/i');
    if (!compiled.ok) throw new Error(compiled.error.message);
    for (const it of Object.values(ALL)) expect(evaluateQuery(r.value, it)).toBe(compiled.value(it));
  });

  it('evaluates hand-built ASTs, including empty AND / OR', () => {
    const emptyAnd: QueryNode = { type: 'and', operands: [] };
    const emptyOr: QueryNode = { type: 'or', operands: [] };
    expect(evaluateQuery(emptyAnd, girl)).toBe(true);
    expect(evaluateQuery(emptyOr, girl)).toBe(false);
    const node: QueryNode = { type: 'tag', match: { kind: 'glob', pattern: String.raw`star \(*` } };
    expect(evaluateQuery(node, emoji)).toBe(true);
  });

  it('compares tags case-insensitively beyond ASCII', () => {
    const greek = item(['ΣΟΦΙΑ', 'İstanbul']);
    const q1 = compileQuery('tag:σοφια');
    const q2 = compileQuery('tag:İSTANBUL');
    if (!q1.ok || !q2.ok) throw new Error('parse');
    expect(q1.value(greek)).toBe(true);
    expect(q2.value(greek)).toBe(true);
  });

  it('returns syntax errors from compileQuery instead of throwing', () => {
    const r = compileQuery('tag:"open');
    expect(r).toEqual({ ok: false, error: { kind: 'query-syntax', message: expect.any(String), position: 4 } });
  });
});

describe('is:trigger-only', () => {
  const only = item(['OHWX'], '', 'img_007.png');
  const withMore = item(['ohwx', 'smile'], '', 'img_008.png');
  const run = (words: string[], it: QueryItem) => {
    const compiled = compileQuery('is:trigger-only', { triggerWords: words });
    if (!compiled.ok) throw new Error(compiled.error.message);
    return compiled.value(it);
  };
  it('matches a caption holding only the trigger words, in any spelling', () => {
    expect(run(['ohwx'], only)).toBe(true);
    expect(run(['ohwx'], withMore)).toBe(false);
    expect(run(['ohwx'], uncaptioned)).toBe(false);
    expect(run(['ohwx'], proseOnly)).toBe(false);
    // A dataset without trigger words has no trigger-only captions.
    expect(run([], only)).toBe(false);
    expect(compileQuery('is:trigger-only has:caption').ok).toBe(true);
  });
});
