import { describe, it, expect } from 'vitest';
import { splitSentences } from './sentences.ts';

const TABLE: Array<[string, string[]]> = [
  ['', []],
  ['   ', []],
  ['She kneels.', ['She kneels.']],
  ['She kneels on a wooden floor. Light falls from the left.', ['She kneels on a wooden floor.', 'Light falls from the left.']],
  ['She kneels, smiling, on the floor. Her hands rest on her knees. The room is dim', [
    'She kneels, smiling, on the floor.', 'Her hands rest on her knees.', 'The room is dim',
  ]],
  ['Mr. Smith holds a 1.5 m pole. Dr. Jones waves.', ['Mr. Smith holds a 1.5 m pole.', 'Dr. Jones waves.']],
  ['J. R. R. Tolkien sits at a desk. He writes.', ['J. R. R. Tolkien sits at a desk.', 'He writes.']],
  ['Fruit, e.g. apples and pears, lies on the table. It is ripe.', ['Fruit, e.g. apples and pears, lies on the table.', 'It is ripe.']],
  ['She waits... then she leaves. Why? Nobody knows!', ['She waits... then she leaves.', 'Why?', 'Nobody knows!']],
  ['He says "Stop." She stops.', ['He says "Stop."', 'She stops.']],
  ['It costs 5. Then it costs 6.', ['It costs 5.', 'Then it costs 6.']],
  ['Version 2.0 runs on st.louis servers.', ['Version 2.0 runs on st.louis servers.']],
  ['One.\nTwo.', ['One.', 'Two.']],
  ['A dog 🐕. A cat.', ['A dog 🐕.', 'A cat.']],
];

describe('splitSentences', () => {
  it.each(TABLE)('%j', (prose, sentences) => {
    expect(splitSentences(prose)).toEqual(sentences);
  });
});
