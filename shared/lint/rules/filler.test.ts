import { describe, expect, it } from 'vitest';
import { findFiller } from '../../autocaption/sentences.ts';
import { findingsOf, lintTexts } from '../testing/lint-texts.ts';

describe('findFiller (autocaption/sentences.ts, shared with the cleaner)', () => {
  it.each([
    ['There is a red car.', 'There is'],
    ['"We can see a woman by the sea."', 'We can see'],
    ['In this image, a cat sleeps.', 'In this image'],
    ['The image shows a dog.', 'The image shows'],
    ['Her bag looks like leather.', 'looks like'],
    ['She appears to be smiling.', 'appears to be'],
    ['It might be a cat.', 'might be'],
  ])('finds the filler in %j', (sentence, phrase) => {
    expect(findFiller(sentence)).toBe(phrase);
  });

  it.each(['A red car stands in the rain.', 'She is looking at the viewer.', 'Theresa holds a cup.'])('finds none in %j', (sentence) => {
    expect(findFiller(sentence)).toBeNull();
  });

  it('keeps working when called again (global patterns keep no state)', () => {
    expect(findFiller('It might be a cat.')).toBe('might be');
    expect(findFiller('It might be a cat.')).toBe('might be');
  });
});

describe('filler', () => {
  it('stays quiet on plain sentences and never reads tags', () => {
    expect(findingsOf(lintTexts(['1girl, looking at viewer, looks like. She sits on a bench. Rain falls.']), 'filler')).toEqual([]);
  });

  it('reports captions whose sentences keep filler, naming the phrases', () => {
    const r = lintTexts([
      '1girl. There is a girl on a bench. She smiles.',
      '1girl. A girl on a bench. She smiles.',
      'A car parked on the street looks like a toy. There are clouds.',
    ]);
    expect(findingsOf(r, 'filler')).toEqual([
      {
        rule: 'filler',
        severity: 'info',
        images: ['a.png', 'c.png'],
        message: "2 captions keep filler phrases ('there is', 'looks like' and 'there are'): tokens that say nothing about the image",
      },
    ]);
  });
});
