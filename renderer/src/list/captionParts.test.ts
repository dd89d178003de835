import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { captionParts, isBlankLine, shownLineLength } from './captionParts.ts';

const parts = (text: string, triggers: string[] = []) => captionParts(parseCaption(text), new Set(triggers));

describe('caption parts', () => {
  it('styles trigger words, tags and the sentences apart, keeping the separators as text', () => {
    expect(parts('ohwx, 1girl, red dress, kneeling. She kneels on a wooden floor. Light falls from the left.\nline 2', ['ohwx'])).toEqual([
      { kind: 'trigger', text: 'ohwx' },
      { kind: 'sep', text: ', ' },
      { kind: 'tag', text: '1girl' },
      { kind: 'sep', text: ', ' },
      { kind: 'tag', text: 'red dress' },
      { kind: 'sep', text: ', ' },
      { kind: 'tag', text: 'kneeling' },
      { kind: 'sep', text: '. ' },
      { kind: 'prose', text: 'She kneels on a wooden floor. Light falls from the left.' },
    ]);
  });

  it('reads line 1 only, without the BOM, and keeps odd spacing, empty segments and a terminator', () => {
    expect(parts('\uFEFF  solo,,  日本語タグ ,café.  \r\nsecond line')).toEqual([
      { kind: 'sep', text: '  ' },
      { kind: 'tag', text: 'solo' },
      { kind: 'sep', text: ',,  ' },
      { kind: 'tag', text: '日本語タグ' },
      { kind: 'sep', text: ' ,' },
      { kind: 'tag', text: 'café' },
      { kind: 'sep', text: '.  ' },
    ]);
  });

  it('treats danbooru tags as text and prose-only captions as prose', () => {
    expect(parts('hatsune_miku_(cosplay), ^_^, :3').map((p) => p.kind)).toEqual(['tag', 'sep', 'tag', 'sep', 'tag']);
    expect(parts('A woman kneels on the floor, smiling, in the rain.')).toEqual([{ kind: 'prose', text: 'A woman kneels on the floor, smiling, in the rain.' }]);
    expect(parts('')).toEqual([]);
    expect(parts('ohwx, ohwx', ['ohwx']).map((p) => p.kind)).toEqual(['trigger', 'sep', 'trigger']);
  });

  it('joins back to exactly line 1 and to the model\'s tags and prose, whatever the caption', () => {
    const pieces = fc.constantFrom('a', 'B', ' ', ',', '.', '(', ')', '_', '\\', ':', '!', 'é', '\n', 'She', 'the', ' on ', ' with the ', '...', 'Mr.', '\t', '\uFEFF');
    const text = fc.array(pieces, { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.constantFrom('a', 'B', 'She'), { maxLength: 2 }), (t, triggers) => {
        const doc = parseCaption(t);
        const got = captionParts(doc, new Set(triggers));
        expect(got.map((p) => p.text).join('')).toBe(doc.layout.line);
        expect(got.filter((p) => p.kind === 'tag' || p.kind === 'trigger').map((p) => p.text)).toEqual(doc.tags);
        expect(got.filter((p) => p.kind === 'prose').map((p) => p.text).join('')).toBe(doc.prose);
        for (const p of got) expect(p.text).not.toBe('');
        for (let i = 1; i < got.length; i++) expect(got[i]!.kind === 'sep' && got[i - 1]!.kind === 'sep').toBe(false);
      }),
    );
  });

  it('calls a missing or white-space line 1 blank', () => {
    expect(isBlankLine(null)).toBe(true);
    expect(isBlankLine(parseCaption('\uFEFF  \nsecond'))).toBe(true);
    expect(isBlankLine(parseCaption('x'))).toBe(false);
  });
});

describe('shown line length', () => {
  it('counts line 1 of the unsaved edit first, then of the file, 0 for none', () => {
    const docs = { 'a.png': parseCaption('\uFEFFabc\nmore'), 'b.png': null };
    expect(shownLineLength({}, docs, 'a.png')).toBe(3);
    expect(shownLineLength({ 'a.png': { text: 'abcdef\r\nx' } }, docs, 'a.png')).toBe(6);
    expect(shownLineLength({}, docs, 'b.png')).toBe(0);
    expect(shownLineLength({}, docs, undefined)).toBe(0);
  });
});
