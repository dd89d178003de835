import { describe, expect, it } from 'vitest';
import { cleanSentences } from './sentences.ts';
import { dropUnfinished } from './truncation.ts';

describe('dropUnfinished', () => {
  it.each([
    ['A girl stands in a field. She wears a red', 'A girl stands in a field.'],
    ['A girl stands in a field. She wears a red dress.', 'A girl stands in a field. She wears a red dress.'],
    ['She says "hi." Then she', 'She says "hi."'],
    ['Is it a cat? It might', 'Is it a cat?'],
    ['She wears a red', ''],
    ['- A dog on grass\n- A red ball\n- The sky is', '- A dog on grass\n- A red ball'],
    ['<think>The image shows a girl. I should', ''],
    ['<think>Look.</think>\n\nA dog runs. It is', '<think>Look.</think>\n\nA dog runs.'],
    ['A dog runs. <think>wait, I', 'A dog runs.'],
    ['', ''],
  ])('%j -> %j', (raw, kept) => expect(dropUnfinished(raw)).toBe(kept));

  it('leaves nothing for the cleaner to turn into a sentence with an added period', () => {
    expect(cleanSentences(dropUnfinished('…in a field. She wears a red'), 3).sentences).toEqual(['…in a field.']);
    expect(cleanSentences(dropUnfinished('A girl stands in a field. She wears a red'), 3)).toMatchObject({ text: 'A girl stands in a field.', tooFew: true });
  });
});
