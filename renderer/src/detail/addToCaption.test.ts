import { describe, expect, it } from 'vitest';
import { parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { addToCaption, appendProse } from './addToCaption.ts';
import { splitEntry } from './entry.ts';

const ctx = { triggerWords: ['ohwx'], separator: ', ', frequencies: new Map<string, number>() };
const add = (caption: string, typed: string) => {
  const out = addToCaption(parseCaption(caption), splitEntry(typed), ctx);
  return { text: serializeCaption(out.doc), notice: out.notice, label: out.label, already: out.already };
};

describe('adding typed text to one caption', () => {
  const sample = 'ohwx, 1girl, best quality, A purple sky fades.\n';
  it('puts a sentence typed into Add tag into the sentences, intact (never `low., A purple`)', () => {
    const out = add(sample, 'The sun is low.');
    expect(out.text).toBe('ohwx, 1girl, best quality, A purple sky fades. The sun is low.\n');
    expect(parseCaption(out.text).tags).toEqual(['ohwx', '1girl', 'best quality']);
    expect(out.notice).toMatch(/sentences/);
  });
  it('adds several tags at the end of the tags and says how many', () => {
    const out = add(sample, 'red, blue');
    expect(out.text).toBe('ohwx, 1girl, best quality, red, blue, A purple sky fades.\n');
    expect(out.notice).toBe('Added 2 tags');
    expect(out.label).toBe('add red, blue');
  });
  it('never adds a tag twice, and says which were there already', () => {
    const out = add(sample, '1girl, smile');
    expect(out.text).toBe('ohwx, 1girl, best quality, smile, A purple sky fades.\n');
    expect(out.already).toEqual(['1girl']);
    expect(out.notice).toBe('Added smile; already there: 1girl');
    expect(add(sample, '1girl').text).toBe(sample);
    expect(add(sample, '1girl').notice).toBe('Already there: 1girl');
  });
  it('starts sentences on a caption of tags only, and on an empty one', () => {
    expect(add('a, b\n', 'The sun is low.').text).toBe('a, b. The sun is low.\n');
    expect(add('', 'She smiles.').text).toBe('She smiles.');
  });
  it('closes an open sentence before appending', () => {
    expect(appendProse('She smiles', 'The sun is low.')).toBe('She smiles. The sun is low.');
    expect(appendProse('She smiles!', 'Next.')).toBe('She smiles! Next.');
    expect(appendProse('', 'Next.')).toBe('Next.');
  });
});
