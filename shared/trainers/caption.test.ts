import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trainerCaption, TRIGGER_PLACEHOLDER } from './caption.ts';

const plain = { triggerWords: ['ohwx'], placeholders: false };
const placeholders = (...triggerWords: string[]) => ({ triggerWords, placeholders: true });

describe('trainerCaption', () => {
  it('is line 1 only, without BOM or line break, otherwise byte for byte', () => {
    expect(trainerCaption('ohwx, 1girl,  smile. She smiles.\nnotes for me\n', plain)).toBe('ohwx, 1girl,  smile. She smiles.');
    expect(trainerCaption('\uFEFF1girl, red\r\nsecond\r\n', plain)).toBe('1girl, red');
    expect(trainerCaption('  ohwx,1girl ,', plain)).toBe('  ohwx,1girl ,');
  });

  it('with placeholders, puts one [trigger] in place of the leading trigger words', () => {
    expect(trainerCaption('ohwx, 1girl, smile. She smiles.\n', placeholders('ohwx'))).toBe('[trigger], 1girl, smile. She smiles.');
    expect(trainerCaption('ohwx, sks,1girl', placeholders('ohwx', 'sks'))).toBe('[trigger],1girl');
    expect(trainerCaption(' ohwx', placeholders('ohwx'))).toBe(' [trigger]');
    expect(trainerCaption('ohwx.', placeholders('ohwx'))).toBe('[trigger].');
  });

  it('leaves trigger words that do not lead, repeats and prose alone', () => {
    expect(trainerCaption('1girl, ohwx', placeholders('ohwx'))).toBe('1girl, ohwx');
    expect(trainerCaption('ohwx, ohwx, 1girl', placeholders('ohwx'))).toBe('[trigger], ohwx, 1girl');
    expect(trainerCaption('ohwx walks to the door. She smiles.', placeholders('ohwx'))).toBe('ohwx walks to the door. She smiles.');
    expect(trainerCaption('ohwxy, 1girl', placeholders('ohwx'))).toBe('ohwxy, 1girl');
    expect(trainerCaption('ohwx, 1girl', { triggerWords: [], placeholders: true })).toBe('ohwx, 1girl');
  });

  it('ai-toolkit filling in trigger_word gives back the caption line (property)', () => {
    const tag = fc.stringMatching(/^[a-z0-9_() ]{1,8}$/).map((t) => t.trim()).filter((t) => t !== '');
    fc.assert(
      fc.property(fc.uniqueArray(tag, { minLength: 1, maxLength: 3 }), fc.array(tag, { maxLength: 5 }), (triggers, others) => {
        const rest = others.filter((t) => !triggers.includes(t));
        const line = [...triggers, ...rest].join(', ');
        const out = trainerCaption(`${line}\n`, placeholders(...triggers));
        expect(out.startsWith(TRIGGER_PLACEHOLDER)).toBe(true);
        expect(out.replace(TRIGGER_PLACEHOLDER, triggers.join(', '))).toBe(line);
      }),
    );
  });
});
