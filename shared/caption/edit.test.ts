import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseCaption } from './parse.ts';
import { serializeCaption } from './serialize.ts';
import { editCaption } from './edit.ts';

const edit = (text: string, parts: { tags?: string[]; prose?: string }, sep?: string) =>
  serializeCaption(editCaption(parseCaption(text), parts, sep));

describe('editCaption', () => {
  it('returns the same doc when nothing changes', () => {
    const doc = parseCaption('\uFEFF a ,b,,  c. She sits.\r\nrest');
    expect(editCaption(doc, {})).toBe(doc);
    expect(editCaption(doc, { tags: ['a', 'b', 'c'] })).toBe(doc);
    expect(editCaption(doc, { tags: [' a', 'b ', 'c'], prose: ' She sits. ' })).toBe(doc);
  });

  it('keeps the separator style of the line', () => {
    expect(edit('a,b,c', { tags: ['a', 'b', 'c', 'd'] })).toBe('a,b,c,d');
    expect(edit('a , b , c', { tags: ['c', 'a'] })).toBe('c , a');
    expect(edit('a, b,c, d', { tags: ['x', 'y'] })).toBe('x, y');
  });

  it('uses the fallback separator when the line shows none', () => {
    expect(edit('a', { tags: ['a', 'b'] })).toBe('a, b');
    expect(edit('a', { tags: ['a', 'b'] }, ',')).toBe('a,b');
    expect(edit('', { tags: ['ohwx', '1girl'] }, ' , ')).toBe('ohwx , 1girl');
  });

  it('keeps the joiner, the terminator and the trailing text', () => {
    expect(edit('a, b. She sits.', { tags: ['a', 'c'] })).toBe('a, c. She sits.');
    expect(edit('a, b, She sits on it.', { tags: ['x'] })).toBe('x, She sits on it.');
    expect(edit('1girl, solo.', { tags: ['1girl', 'solo', 'smile'] })).toBe('1girl, solo, smile.');
    expect(edit('  1girl, solo.  ', { tags: ['1girl'] })).toBe('  1girl.  ');
    expect(edit('1girl, solo, ', { tags: ['1girl'] })).toBe('1girl, ');
  });

  it('adds and removes prose with a sensible joiner', () => {
    expect(edit('1girl, solo', { prose: 'She sits.' })).toBe('1girl, solo. She sits.');
    expect(edit('1girl, solo.', { prose: 'She sits.' })).toBe('1girl, solo. She sits.');
    expect(edit('1girl, solo. She sits.', { prose: '' })).toBe('1girl, solo');
    expect(edit('She sits.', { tags: ['ohwx'] })).toBe('ohwx. She sits.');
    expect(edit('She sits.', { prose: 'She stands.' })).toBe('She stands.');
  });

  it('gives an empty line when everything is removed, keeping the other lines', () => {
    expect(edit('1girl\r\nnotes', { tags: [] })).toBe('\r\nnotes');
    expect(edit('\uFEFF1girl. She sits.\nnotes', { tags: [], prose: '' })).toBe('\uFEFF\nnotes');
  });

  it('keeps line breaks out of line 1 and commas out of tags', () => {
    const doc = editCaption(parseCaption('x\nrest'), { tags: ['a, b', 'c\nd'], prose: 'one\r\ntwo' });
    expect(doc.tags).toEqual(['a', 'b', 'c d']);
    // Capitalized so the prose reads back as prose behind the tags, not as a tag `c d. one two`.
    expect(doc.prose).toBe('One two');
    expect(serializeCaption(doc)).toBe('a, b, c d. One two\nrest');
  });

  it('regenerated lines read back as the same tags and prose', () => {
    const tag = fc.constantFrom(
      'ohwx', '1girl', 'solo', 'low angle', 'red dress', 'hatsune_miku_(cosplay)', '^_^', '._.', ':3', '>_<', 'st. louis (azur lane)',
      '\\(escaped\\)', 'looking at viewer', 'hand on own hip', '...', 'Hatsune Miku', 'love live! school idol project',
    );
    const prose = fc.constantFrom(
      '',
      'She kneels on a wooden floor.',
      'She kneels, smiling, on the floor. Light falls from the left.',
      'A woman stands in a field, holding a red umbrella.',
      'Mr. Smith waves at the camera. He smiles.',
    );
    const start = fc.constantFrom('', '1girl, solo.', 'a,b', '\uFEFFx. She sits.\r\nrest', ' a ,b ');
    fc.assert(
      fc.property(start, fc.array(tag, { maxLength: 8 }), prose, (text, tags, p) => {
        const out = serializeCaption(editCaption(parseCaption(text), { tags, prose: p }));
        const back = parseCaption(out);
        expect(back.tags).toEqual(tags);
        expect(back.prose).toBe(p);
      }),
      { numRuns: 500 },
    );
  });
});
