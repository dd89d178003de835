import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { comparePaths } from './path-order.ts';

const icu = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const sign = (n: number) => Math.sign(n);

const PUNCTUATION = [...` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$`];
const char = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'abcxyzABCXYZ') },
  { weight: 4, arbitrary: fc.constantFrom(...'0123456789', '0', '0') },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  // Characters the collator must decide: accents, other scripts, ignorables, controls.
  { weight: 1, arbitrary: fc.constantFrom('é', 'É', 'ß', 'ø', 'ü', '字', '\u200b', '\u0000', '\t', '\u00a0', '😀') },
);
const name = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));

describe('comparePaths', () => {
  it("orders every pair as ICU's 'en' collation with numeric ordering does", () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(sign(comparePaths(a, b))).toBe(sign(icu.compare(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('and pairs that differ only a little: a case, a leading zero, a digit, a character more', () => {
    const variants = (s: string) => [s, s.toUpperCase(), s.toLowerCase(), s.replace(/\d+/, (d) => `0${d}`), s.replace(/\d/, '9'), `${s}.`, `${s}0`, s.slice(1), s.replace(/[a-z]/, (c) => c.toUpperCase())];
    fc.assert(
      fc.property(name, (s) => {
        for (const a of variants(s)) for (const b of variants(s)) expect(sign(comparePaths(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(icu.compare(a, b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts file names naturally', () => {
    const names = ['img10.png', 'img2.png', 'IMG_0001.JPG', 'img_0001.jpg', 'a/b.png', 'a b.png', 'a-b.png', 'img02.png', 'photo 3 (copy).jpg', 'Photo 3.jpg'];
    expect([...names].sort(comparePaths)).toEqual([...names].sort(icu.compare));
  });

  it('creates no collator (~8 ms of a start) for plain names, and one for the first name that needs it', async () => {
    vi.resetModules();
    const Real = Intl.Collator;
    let made = 0;
    Object.assign(Intl, { Collator: function (...args: ConstructorParameters<typeof Intl.Collator>) { made++; return new Real(...args); } });
    try {
      const fresh = await import('./path-order.ts');
      ['img_0001.png', 'IMG_0002.JPG', 'photos/beach 3 (copy).jpg', 'a-b.png'].sort(fresh.comparePaths);
      expect(made).toBe(0);
      expect(['über.png', 'cafe.png', 'café.png'].sort(fresh.comparePaths)).toEqual(['cafe.png', 'café.png', 'über.png']);
      expect(made).toBe(1);
    } finally {
      Object.assign(Intl, { Collator: Real });
    }
  });
});
