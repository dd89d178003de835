import { describe, it, expect } from 'vitest';
import { KAOMOJI, underscoresToSpaces } from './kaomoji.ts';

describe('underscoresToSpaces', () => {
  it.each([
    ['hatsune_miku_(cosplay)', 'hatsune miku (cosplay)'],
    ['long_hair', 'long hair'],
    ['no_underscore', 'no underscore'],
    ['plain', 'plain'],
    ['-_-', '-_-'],
    [';_;', ';_;'],
  ])('%s -> %s', (tag, expected) => {
    expect(underscoresToSpaces(tag)).toBe(expected);
  });

  it('keeps every kaomoji from the tagger list', () => {
    expect(KAOMOJI.size).toBe(19);
    for (const k of KAOMOJI) expect(underscoresToSpaces(k)).toBe(k);
  });
});
