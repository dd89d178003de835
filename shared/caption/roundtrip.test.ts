import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseCaption } from './parse.ts';
import { serializeCaption, firstLine } from './serialize.ts';
import { editCaption } from './edit.ts';

const BYTE_EXACT = [
  '',
  ' ',
  '\t \t',
  '\n',
  '\r\n',
  '\r',
  '\uFEFF',
  '\uFEFF1girl, solo\r\n',
  '1girl, solo',
  '1girl, solo\n',
  '1girl, solo\r\n',
  '1girl, solo\r',
  '1girl, solo\n\n\n',
  'a ,b,,  c',
  ',1girl,, ,solo ,',
  '  1girl ,  solo.  ',
  'ohwx, 1girl. She kneels.\r\nsecond line, kept\r\nthird\r\n',
  '\uFEFFA woman stands in a field, holding a red umbrella.\n',
  '1girl\r\n\r\nnotes: do not train on this\r\n',
  'héllo, wörld, 日本語, 😀, ^_^\n',
  '\u00a0nbsp lead,\u3000ideographic space',
];

describe('round trip', () => {
  it.each(BYTE_EXACT)('parse -> serialize is byte-exact for %j', (text) => {
    expect(serializeCaption(parseCaption(text))).toBe(text);
  });

  const unit = fc.oneof(
    fc.constantFrom(',', ', ', ' ,', '.', '. ', '!', '?', ' ', '\t', '\r', '\n', '\r\n', '\uFEFF', '(', ')', '\\', '_', '^_^', ':3'),
    fc.constantFrom('ohwx', '1girl', 'low angle', 'She', 'kneels', 'A', 'woman', 'the', 'Mr', 'é', '日本', '😀', '\u00a0', '\u2028'),
    fc.string({ unit: 'binary', maxLength: 3 }),
    // Lone surrogates: a decoder never yields them from UTF-8, but nothing here may choke on them.
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  );
  const captionText = fc.array(unit, { maxLength: 40 }).map((parts) => parts.join(''));

  it('parse -> serialize is the identity for arbitrary text', () => {
    fc.assert(
      fc.property(captionText, (text) => serializeCaption(parseCaption(text)) === text),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => serializeCaption(parseCaption(text)) === text));
  });

  it('tags are trimmed, non-empty and comma-free; prose is trimmed and single-line', () => {
    fc.assert(
      fc.property(captionText, (text) => {
        const doc = parseCaption(text);
        for (const tag of doc.tags) {
          expect(tag).toBe(tag.trim());
          expect(tag).not.toBe('');
          expect(tag).not.toMatch(/[,\r\n]/);
        }
        expect(doc.prose).toBe(doc.prose.trim());
        expect(doc.prose).not.toMatch(/[\r\n]/);
        expect(firstLine(doc)).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 1000 },
    );
  });

  it('editing line 1 never changes the BOM or the other lines', () => {
    const tagList = fc.array(fc.constantFrom('ohwx', '1girl', 'solo', 'red dress', 'a, b', 'x\ny', ' pad ', ''), { maxLength: 6 });
    const proseText = fc.constantFrom('', 'She kneels.', 'Light falls\r\nfrom the left.', '  spaced  ');
    fc.assert(
      fc.property(captionText, tagList, fc.option(proseText, { nil: undefined }), (text, tags, prose) => {
        const doc = parseCaption(text);
        const edited = editCaption(doc, { tags, prose });
        const out = serializeCaption(edited);
        const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
        expect(out.startsWith(bom)).toBe(true);
        expect(out.slice(bom.length + firstLine(edited).length)).toBe(doc.layout.rest);
        expect(firstLine(edited)).not.toMatch(/[\r\n]/);
        expect(parseCaption(out).layout.rest).toBe(doc.layout.rest);
      }),
      { numRuns: 1000 },
    );
  });
});
