import { it, expect } from 'vitest';
import fc from 'fast-check';
import { splitSentences } from '/work/main/shared/caption/index.ts';
import { cleanSentences } from '/work/main/shared/autocaption/sentences.ts';
const PIECES = [
  'There is', 'there are', "There's", 'We can see', 'you can see', 'In this image,', 'In the image', 'The image shows',
  'This image shows', 'The picture depicts', 'It looks like', 'looks like', 'might be', 'could be', 'probably',
  'what appears to be', 'Sure!', 'Here are three sentences:', 'Caption:', 'a red car', 'two cats', 'She kneels',
  'her legs', 'on the floor', 'Mr.', 'Dr', '1.5', '.', '!', '?', '…', ',', ':', ' ', '  ', '\n', '\r\n', '- ', '1. ',
  '# ', '> ', '**', '`', '```', '"', '“', '”', "'", '(', ')', '<think>', '</think>', 'é', 'Ωmega', '^_^', 'x', 'A', 'b', ';', '-', '—', '«', '»', '‘', '’', 'Sentence 2:', 'perhaps,', 'They', 'is', 'İ', 'ß',
];
const answer = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 80, unit: 'grapheme' }),
  fc.string({ maxLength: 80 }),
);
it('hunt', () => {
  fc.assert(fc.property(answer, fc.integer({ min: 1, max: 5 }), (raw, n) => {
    const once = cleanSentences(raw, n);
    const twice = cleanSentences(once.text, n);
    expect(twice.text).toBe(once.text);
    expect(twice.sentences).toEqual(once.sentences);
    expect(twice.fixes).toEqual([]);
    expect(splitSentences(once.text)).toEqual(once.sentences);
    for (const s of once.sentences) expect(s).toMatch(/[.!?…]["'”’»)\]]*$/);
  }), { numRuns: 100000 });
}, 600000);
