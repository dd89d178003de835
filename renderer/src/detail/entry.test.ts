import { describe, expect, it } from 'vitest';
import { addOptions, currentSegment, entryWith, isCompound, splitEntry } from './entry.ts';
import { buildCandidates } from './suggest.ts';

const candidates = buildCandidates(
  new Map([
    ['red dress', 30],
    ['red', 4],
    ['blue eyes', 20],
    ['blue dress', 12],
    ['long_hair', 9],
  ]),
  [{ name: 'blush', count: 5000 }],
);
const names = (text: string, present: string[] = []) => addOptions(candidates, text, new Set(present)).map((o) => (o.kind === 'new' ? `new:${o.name}` : o.present ? `present:${o.name}` : o.name));

describe('what Add tag makes of typed text', () => {
  it('keeps danbooru tags that look odd as tags and sends sentences to the sentences', () => {
    expect(splitEntry('The sun is low.')).toEqual({ tags: [], prose: 'The sun is low.' });
    expect(splitEntry('st. louis (azur lane)')).toEqual({ tags: ['st. louis (azur lane)'], prose: '' });
    expect(splitEntry('._.')).toEqual({ tags: ['._.'], prose: '' });
    expect(splitEntry('hatsune_miku_(cosplay), ^_^')).toEqual({ tags: ['hatsune_miku_(cosplay)', '^_^'], prose: '' });
    expect(splitEntry('red, blue, The sun is low. She smiles.')).toEqual({ tags: ['red', 'blue'], prose: 'The sun is low. She smiles.' });
  });
  it('reads pasted lines one by one', () => {
    expect(splitEntry('red\nblue eyes\r\nShe kneels on the floor.')).toEqual({ tags: ['red', 'blue eyes'], prose: 'She kneels on the floor.' });
    expect(isCompound('a, b')).toBe(true);
    expect(isCompound('a\nb')).toBe(true);
    expect(isCompound('The sun is low.')).toBe(true);
    expect(isCompound('long hair')).toBe(false);
  });
});

describe('suggestions while typing', () => {
  it('ranks the exact match first, so red never adds red dress', () => {
    expect(names('red')[0]).toBe('red');
    expect(names('Red')[0]).toBe('red');
  });
  it('matches underscores as spaces and keeps the dataset spelling', () => {
    expect(names('long hair')[0]).toBe('long_hair');
  });
  it('offers the typed text as a new tag only when nothing matches', () => {
    expect(names('blu')).toEqual(['blue eyes', 'blue dress', 'blush']);
    expect(names('zzz')).toEqual(['new:zzz']);
  });
  it('shows an exact tag the image has as already there, and skips other present tags', () => {
    expect(names('red', ['red'])).toEqual(['present:red', 'red dress']);
    expect(names('blue', ['blue eyes'])).toEqual(['blue dress']);
  });
  it('suggests for the tag after the last comma, and nothing for a sentence', () => {
    expect(currentSegment('red dress, blu')).toBe('blu');
    expect(names('red dress, blu')[0]).toBe('blue eyes');
    expect(names('She kneels on the floor.')).toEqual([]);
    expect(names('   ')).toEqual([]);
  });
  it('Enter takes the highlighted option for the last segment, the earlier ones as typed', () => {
    const [first] = addOptions(candidates, 'smile, blu', new Set());
    expect(entryWith('smile, blu', first!)).toEqual({ tags: ['smile', 'blue eyes'], prose: '' });
    expect(entryWith('smile, blu', null)).toEqual({ tags: ['smile', 'blu'], prose: '' });
  });
});
