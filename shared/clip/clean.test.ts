import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanClipText } from './clean.ts';

// Expected outputs are ftfy 6's documented behaviour (its docstrings and fixes.py) followed by
// transformers' whitespace_clean and lower().
describe('cleanClipText (ftfy.fix_text, whitespace_clean, lower)', () => {
  it.each([
    ['fullwidth forms to normal width', 'ＬＯＵＤ　ＮＯＩＳＥＳ！', 'loud noises!'],
    ['halfwidth katakana, voiced marks composed', 'ｶﾀｶﾅ ﾊﾞｰ', 'カタカナ バー'],
    ['curly quotes straightened', '“it’s” ‘ok’ ʼn', '"it\'s" \'ok\' \'n'],
    ['Latin ligatures split, not æ or œ', 'ﬂuﬃeﬆ ĳs æsir œuvre', 'fluffiest ijs æsir œuvre'],
    ['UTF-8 read as Windows-1252', 'cafÃ© crÃ¨me', 'café crème'],
    ['mojibake with Windows-1252 punctuation', 'itâ€™s', "it's"],
    ['mojibake beside text that is not', 'cafÃ© ☺ naïve', 'café ☺ naïve'],
    ['a 4-byte emoji read as Windows-1252', 'ðŸ˜Š', '😊'],
    ['real accents left alone', 'naïve café Ångström', 'naïve café ångström'],
    ['C1 controls read as Windows-1252', 'wait\u0085', 'wait…'],
    ['invisible controls and BOM removed', '\ufeffre\u0000d\u007f\u200b', 're\u0000d\u200b'.replace('\u0000', '')],
    ['terminal colour escapes removed', '\u001b[31mred\u001b[0m', 'red'],
    ['HTML entities when the line has no <', 'Tom &amp; Jerry &#8217;&#x2019; &eacute;', "tom & jerry '' é"],
    ['no HTML unescaping on a line with <', 'a < b &amp; c', 'a < b &amp; c'],
    ['unknown entities kept', '&notanentity; &#xZZ;', '&notanentity; &#xzz;'],
    ['whitespace runs collapsed and stripped', ' \t a \u00a0\u2003 b \n ', 'a b'],
    ['NFC', 'e\u0301', 'é'],
  ])('%s', (_why, input, expected) => {
    expect(cleanClipText(input)).toBe(expected);
  });

  it('decides the HTML question per line, as ftfy.fix_text does', () => {
    expect(cleanClipText('a &amp; b\n<i> &amp;')).toBe('a & b <i> &amp;');
  });

  it('is idempotent and never leaves surrounding or double spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const once = cleanClipText(text);
        return cleanClipText(once) === once && !/^ | $| {2}/.test(once);
      }),
    );
  });
});
