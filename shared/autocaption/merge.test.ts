import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCaption, splitFirstLine } from '../caption/index.ts';
import { MERGE_MODES, type MergeMode } from './config.ts';
import { mergeCaption, type GeneratedCaption } from './merge.ts';
import { tagKey } from './select-tags.ts';

const GEN: GeneratedCaption = { tags: ['1girl', 'solo', 'kneeling'], sentences: 'She kneels on a wooden floor. Light falls from the left.' };
const opts = (mode: MergeMode, triggerWords: string[] = ['ohwx'], separator = ', ') => ({ mode, triggerWords, separator });

describe('mergeCaption: the line it writes', () => {
  it('trigger words, then tags, then sentences, on one line', () => {
    expect(mergeCaption(null, GEN, opts('replace'))).toBe(
      'ohwx, 1girl, solo, kneeling. She kneels on a wooden floor. Light falls from the left.',
    );
  });

  it('tags only, sentences only', () => {
    expect(mergeCaption(null, { tags: GEN.tags, sentences: '' }, opts('replace'))).toBe('ohwx, 1girl, solo, kneeling');
    expect(mergeCaption(null, { tags: [], sentences: GEN.sentences }, opts('replace', []))).toBe(GEN.sentences);
    expect(mergeCaption(null, { tags: [], sentences: 'She kneels.' }, opts('replace'))).toBe('ohwx. She kneels.');
  });

  it('does not repeat a tag that is a trigger word or another tag, in any spelling', () => {
    expect(mergeCaption(null, { tags: ['OHWX', 'long_hair', 'sks', 'Long hair'], sentences: '' }, opts('replace', ['ohwx', 'sks']))).toBe(
      'ohwx, sks, long_hair',
    );
  });

  it('uses the dataset separator', () => {
    expect(mergeCaption(null, { tags: ['1girl', 'solo'], sentences: '' }, opts('replace', ['ohwx'], ','))).toBe('ohwx,1girl,solo');
  });

  it('keeps kaomoji and parentheses as they are', () => {
    expect(mergeCaption(null, { tags: ['^_^', 'hatsune miku (cosplay)'], sentences: 'She smiles.' }, opts('replace', []))).toBe(
      '^_^, hatsune miku (cosplay). She smiles.',
    );
  });

  it('writes nothing when nothing was generated', () => {
    for (const mode of MERGE_MODES) expect(mergeCaption(null, { tags: [' '], sentences: ' \n' }, opts(mode))).toBeNull();
  });
});

describe('mergeCaption: replace', () => {
  it("writes line 1 anew but keeps the file's BOM, line ending, notes and trailing newline", () => {
    expect(mergeCaption('\uFEFFold, tags. Old prose.\r\nmy notes\r\n', GEN, opts('replace'))).toBe(
      '\uFEFFohwx, 1girl, solo, kneeling. She kneels on a wooden floor. Light falls from the left.\r\nmy notes\r\n',
    );
  });

  it('takes no style from the line it replaces', () => {
    expect(mergeCaption('  a ,b ,c ,\n', { tags: ['x', 'y'], sentences: '' }, opts('replace', []))).toBe('x, y\n');
  });

  it('returns null when the file already reads so', () => {
    expect(mergeCaption('ohwx, 1girl\n', { tags: ['1girl'], sentences: '' }, opts('replace'))).toBeNull();
  });
});

describe('mergeCaption: skip', () => {
  it('leaves any caption with text alone, even when the text is only after line 1', () => {
    expect(mergeCaption('1girl', GEN, opts('skip'))).toBeNull();
    expect(mergeCaption('\nmy notes', GEN, opts('skip'))).toBeNull();
  });

  it('writes a missing, empty or blank caption as replace does', () => {
    const line = 'ohwx, 1girl, solo, kneeling. She kneels on a wooden floor. Light falls from the left.';
    expect(mergeCaption(null, GEN, opts('skip'))).toBe(line);
    expect(mergeCaption('', GEN, opts('skip'))).toBe(line);
    expect(mergeCaption('\uFEFF  \r\n', GEN, opts('skip'))).toBe(`\uFEFF${line}\r\n`);
  });
});

describe('mergeCaption: append', () => {
  it('adds only new tags, in the file’s own style, and sentences where there were none', () => {
    expect(mergeCaption('ohwx,Solo,long_hair\n', { tags: ['1girl', 'solo', 'long hair', 'smile'], sentences: 'She smiles.' }, opts('append'))).toBe(
      'ohwx,Solo,long_hair,1girl,smile. She smiles.\n',
    );
  });

  it('keeps existing prose and does not add sentences to it', () => {
    expect(mergeCaption('ohwx, 1girl. She stands.', GEN, opts('append'))).toBe('ohwx, 1girl, solo, kneeling. She stands.');
    expect(mergeCaption('A woman stands in a field.', { tags: ['1girl'], sentences: 'She kneels.' }, opts('append', []))).toBe(
      '1girl. A woman stands in a field.',
    );
  });

  it('puts missing trigger words first and moves present ones to the front', () => {
    expect(mergeCaption('1girl, SKS, solo', { tags: ['smile'], sentences: '' }, opts('append', ['ohwx', 'sks']))).toBe(
      'ohwx, SKS, 1girl, solo, smile',
    );
  });

  it('keeps the BOM, the terminator and everything after line 1', () => {
    expect(mergeCaption('\uFEFF1girl, solo.\r\nnotes', { tags: ['smile'], sentences: '' }, opts('append', []))).toBe(
      '\uFEFF1girl, solo, smile.\r\nnotes',
    );
  });

  it('returns null when nothing is new', () => {
    expect(mergeCaption('ohwx, 1girl, Solo. She waves.\n', { tags: ['solo'], sentences: 'She kneels.' }, opts('append'))).toBeNull();
  });

  it('holds the sentences back rather than let an existing tag read as prose', () => {
    // `Red dress` is a tag in `ohwx, Red dress` but would start the prose in `ohwx, Red dress. She kneels.`.
    expect(mergeCaption('ohwx, Red dress', { tags: ['solo'], sentences: 'She kneels.' }, opts('append'))).toBe('ohwx, Red dress, solo');
    expect(mergeCaption('ohwx, Red dress', { tags: [], sentences: 'She kneels.' }, opts('append'))).toBeNull();
  });
});

// Tags as taggers and tag rules write them, with spellings that collide by tagKey; captions as people
// leave them. (A capitalised phrase such as `Long hair` before sentences reads as prose by the caption
// rule, prose-rule.ts R4, whoever writes it: generated tags here are the lowercase booru kind.)
const TAGS = ['1girl', 'solo', 'long hair', 'long_hair', 'Long_Hair', 'hatsune miku (cosplay)', '^_^', '>_<', 'kneeling', 'red dress', 'ohwx', 'OHWX', 'Woman'];
const TRIGGERS = ['ohwx', 'sks', 'zz'];
const SENTENCES = ['', 'She kneels on a wooden floor.', 'She kneels, smiling, on the floor. Light falls from the left.', 'A woman smiles.'];
const generated = fc.record({ tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 6 }), sentences: fc.constantFrom(...SENTENCES) });
const triggers = fc.uniqueArray(fc.constantFrom(...TRIGGERS), { maxLength: 2 });
const existing = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.tuple(
    fc.array(fc.constantFrom(...TAGS, 'Red dress', 'sks', 'st. louis'), { maxLength: 6 }),
    fc.constantFrom(...SENTENCES),
    fc.constantFrom('', '\n', '\r\nnotes, more\r\n', '\n\n'),
    fc.boolean(),
    fc.constantFrom(', ', ',', ' , '),
    fc.constantFrom('', '.', ' ', ','),
  ).map(([tags, prose, rest, bom, sep, end]) => {
    const line = tags.join(sep) + (prose ? (tags.length ? '. ' : '') + prose : end);
    return (bom ? '\uFEFF' : '') + line + rest;
  }),
);
const mode = fc.constantFrom(...MERGE_MODES);

function startsWithTriggers(tags: readonly string[], words: readonly string[]): boolean {
  return words.every((w, i) => tags[i] !== undefined && tagKey(tags[i]!) === tagKey(w));
}

describe('mergeCaption properties', () => {
  it('trigger words always come first, in order', () => {
    fc.assert(
      fc.property(existing, generated, triggers, mode, (before, gen, words, m) => {
        const after = mergeCaption(before, gen, { mode: m, triggerWords: words, separator: ', ' });
        if (after !== null) expect(startsWithTriggers(parseCaption(after).tags, words)).toBe(true);
      }),
    );
  });

  it('append never removes an existing tag and keeps the prose and everything after line 1', () => {
    fc.assert(
      fc.property(existing, generated, triggers, (before, gen, words) => {
        const after = mergeCaption(before, gen, { mode: 'append', triggerWords: words, separator: ', ' });
        if (after === null || before === null) return;
        const old = parseCaption(before);
        const now = parseCaption(after);
        for (const tag of old.tags) expect(now.tags).toContain(tag);
        if (old.prose !== '') expect(now.prose).toBe(old.prose);
        expect(splitFirstLine(after).rest).toBe(splitFirstLine(before).rest);
        expect(splitFirstLine(after).bom).toBe(splitFirstLine(before).bom);
      }),
    );
  });

  it('replace reads back as exactly the trigger words, tags and sentences it wrote', () => {
    fc.assert(
      fc.property(existing, generated, triggers, fc.constantFrom(', ', ','), (before, gen, words, separator) => {
        const after = mergeCaption(before, gen, { mode: 'replace', triggerWords: words, separator });
        if (after === null) return;
        const doc = parseCaption(after);
        const expected: string[] = [];
        for (const t of [...words, ...gen.tags]) if (!expected.some((e) => tagKey(e) === tagKey(t))) expected.push(t);
        expect(doc.tags).toEqual(expected);
        expect(doc.prose).toBe(gen.sentences);
        expect(splitFirstLine(after).rest).toBe(splitFirstLine(before ?? '').rest);
      }),
    );
  });

  it('skip never touches a caption with text', () => {
    fc.assert(
      fc.property(existing, generated, triggers, (before, gen, words) => {
        const after = mergeCaption(before, gen, { mode: 'skip', triggerWords: words, separator: ', ' });
        if (before !== null && before.trim() !== '') expect(after).toBeNull();
      }),
    );
  });
});
