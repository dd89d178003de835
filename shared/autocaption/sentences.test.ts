import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitSentences } from '../caption/index.ts';
import { cleanSentences, looksLikeRefusal } from './sentences.ts';

const clean3 = (raw: string) => cleanSentences(raw, 3);

describe('cleanSentences: openers', () => {
  it.each([
    ['There is a red car.', 'A red car.', "removed 'There is'"],
    ['There are two cats on a sofa.', 'Two cats on a sofa.', "removed 'There are'"],
    ["There's a lamp behind her.", 'A lamp behind her.', "removed 'There's'"],
    ['We can see a woman kneeling.', 'A woman kneeling.', "removed 'We can see'"],
    ['You can see that the door is open.', 'The door is open.', "removed 'You can see that'"],
    ['In this image, a cat sleeps.', 'A cat sleeps.', "removed 'In this image'"],
    ['In the image a cat sleeps.', 'A cat sleeps.', "removed 'In the image'"],
    ['The image shows a dog on grass.', 'A dog on grass.', "removed 'The image shows'"],
    ['This image shows a dog.', 'A dog.', "removed 'This image shows'"],
    ['The picture depicts two men.', 'Two men.', "removed 'The picture depicts'"],
    ['This is a photo of a cat.', 'A cat.', "removed 'This is a photo of'"],
    ['It looks like a cat.', 'A cat.', "removed 'It looks like'"],
    ['Caption: A dog runs.', 'A dog runs.', "removed 'Caption:'"],
    ['Here is a woman in a red dress.', 'A woman in a red dress.', "removed 'Here is'"],
  ])('%j -> %j', (raw, text, fix) => {
    const out = clean3(raw);
    expect(out.text).toBe(text);
    expect(out.fixes).toContain(fix);
  });

  it('removes openers that one removal exposes, and keeps the words after them', () => {
    expect(clean3('In this image, we can see a woman. Sure! Here are the sentences: A dog barks.').text).toBe('A woman. A dog barks.');
    expect(clean3('Probably there is a car.').text).toBe('A car.');
  });

  it('leaves the same words alone where they are not an opener', () => {
    expect(clean3('Behind her there is a window. Theresa smiles. The image on the wall shows a ship.').text).toBe(
      'Behind her there is a window. Theresa smiles. The image on the wall shows a ship.',
    );
  });

  it('drops a sentence that was only filler', () => {
    const out = clean3('Sure! There is. A dog runs.');
    expect(out.sentences).toEqual(['A dog runs.']);
    expect(out.tooFew).toBe(true);
  });
});

describe('cleanSentences: hedges', () => {
  it.each([
    ['The car looks like a toy.', 'The car is a toy.', "replaced 'looks like' with 'is'"],
    ['The cats look like twins.', 'The cats are twins.', "replaced 'look like' with 'are'"],
    ['She appears to be smiling.', 'She is smiling.', "replaced 'appears to be' with 'is'"],
    ['They seem to be asleep.', 'They are asleep.', "replaced 'seem to be' with 'are'"],
    ['It might be a cat.', 'It is a cat.', "replaced 'might be' with 'is'"],
    ['Her legs could be crossed.', 'Her legs are crossed.', "replaced 'could be' with 'are'"],
    ['They may be friends.', 'They are friends.', "replaced 'may be' with 'are'"],
    ['Her dress may be silk.', 'Her dress is silk.', "replaced 'may be' with 'is'"],
    ['She holds what appears to be a sword.', 'She holds a sword.', "removed 'what appears to be'"],
    ['A probably red car stands there.', 'A red car stands there.', "removed 'probably'"],
    ['She is, perhaps, happy.', 'She is, happy.', "removed 'perhaps'"],
    ['Possibly a fox sits in the snow.', 'A fox sits in the snow.', "removed 'Possibly'"],
    ['It is most likely a fox.', 'It is a fox.', "removed 'most likely'"],
  ])('%j -> %j', (raw, text, fix) => {
    const out = clean3(raw);
    expect(out.text).toBe(text);
    expect(out.fixes).toContain(fix);
  });
});

describe('cleanSentences: the answer around the sentences', () => {
  it('removes markdown, bullets, numbers, a preamble line and the reasoning, and joins lines', () => {
    const raw = [
      '<think>The user wants three sentences.</think>',
      'Here are three sentences:',
      '',
      '1. **A woman** kneels on a `wooden` floor.',
      '2. She wears a red dress',
      '- Light falls from the left.',
    ].join('\n');
    const out = clean3(raw);
    expect(out.text).toBe('A woman kneels on a wooden floor. She wears a red dress. Light falls from the left.');
    expect(out.fixes).toEqual([
      "removed the model's reasoning",
      'removed markdown',
      'removed list markers',
      "removed the preamble 'Here are three sentences:'",
      'joined the lines into one',
    ]);
  });

  it('continues a sentence across a line break before a lowercase word', () => {
    expect(clean3('A woman kneels\non the floor. She smiles.').text).toBe('A woman kneels on the floor. She smiles.');
  });

  it('drops reasoning cut off before its end: there is no answer in it', () => {
    expect(clean3('<think>First I look at the image. There is a cat').sentences).toEqual([]);
  });

  it('removes code fences and headings', () => {
    expect(clean3('```text\n# Caption\nA dog runs.\n```').text).toBe('Caption. A dog runs.');
  });

  it.each([
    ['"A woman smiles. She waves."', 'A woman smiles. She waves.'],
    ['“A woman smiles.”', 'A woman smiles.'],
    ['"\'A dog.\'"', 'A dog.'],
    ['"A" is on the sign. She reads "B".', '"A" is on the sign. She reads "B".'],
  ])('quotes around the answer go, quotes inside stay: %j', (raw, text) => {
    expect(clean3(raw).text).toBe(text);
  });

  it('collapses white space, capitalises, and ends each sentence with a period', () => {
    const out = clean3('  a  woman\tkneels \u00a0 on the floor,  ');
    expect(out.text).toBe('A woman kneels on the floor.');
    expect(out.fixes).toEqual(['capitalised a sentence start', 'added a final period']);
  });

  it('keeps abbreviations, decimals and other terminators inside sentences', () => {
    const out = clean3('Mr. Smith holds a 1.5 m pole! Does it bend? It bends…');
    expect(out.sentences).toEqual(['Mr. Smith holds a 1.5 m pole!', 'Does it bend?', 'It bends…']);
    expect(out.fixes).toEqual([]);
  });
});

describe('cleanSentences: sentence count', () => {
  it('cuts extra sentences and says how many', () => {
    const out = cleanSentences('One. Two. Three. Four. Five.', 3);
    expect(out).toMatchObject({ text: 'One. Two. Three.', count: 3, cut: 2, tooFew: false });
    expect(out.fixes).toEqual(['cut 2 extra sentences']);
  });

  it('flags too few', () => {
    expect(cleanSentences('One. Two.', 3)).toMatchObject({ count: 2, tooFew: true, cut: 0 });
    expect(cleanSentences('   ', 1)).toMatchObject({ text: '', sentences: [], count: 0, tooFew: true });
  });

  it('counts a sentence that ends in an abbreviation the way the caption editor will', () => {
    // "Dr." does not end a sentence for splitSentences, so the two read as one.
    const out = cleanSentences('She waves at Dr\nHe waves back.', 3);
    expect(out.sentences).toEqual(['She waves at Dr. He waves back.']);
  });
});

describe('looksLikeRefusal', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'I’m sorry, I cannot describe this image.',
    'I cannot help with this request.',
    'I can’t assist with that.',
    'As an AI, I do not describe people.',
    'As a language model I cannot see images.',
    'Sure. However, I cannot describe this image.',
    '**I apologize**, but this image violates the policy.',
    '"Sorry, I won\'t caption this."',
    'Unfortunately, I am unable to process this image.',
  ])('refusal: %j', (raw) => {
    expect(looksLikeRefusal(raw)).toBe(true);
  });

  it.each([
    'A woman kneels on a wooden floor. She smiles.',
    'A sign reads "I can\'t help it". A man stands beside it.',
    'A woman holds a card. A dog sleeps. The card says "Sorry, we are closed".',
    'An AI robot stands in a lab.',
    '',
  ])('not a refusal: %j', (raw) => {
    expect(looksLikeRefusal(raw)).toBe(false);
  });
});

// Property tests draw answers from pieces of real LLM answers, fillers and markup included, so the
// rules meet each other in every order.
const PIECES = [
  'There is', 'there are', "There's", 'We can see', 'you can see', 'In this image,', 'In the image', 'The image shows',
  'This image shows', 'The picture depicts', 'It looks like', 'looks like', 'might be', 'could be', 'probably',
  'what appears to be', 'Sure!', 'Here are three sentences:', 'Caption:', 'a red car', 'two cats', 'She kneels',
  'her legs', 'on the floor', 'Mr.', 'Dr', '1.5', '.', '!', '?', '…', ',', ':', ' ', '  ', '\n', '\r\n', '- ', '1. ',
  '# ', '> ', '**', '`', '```', '"', '“', '”', "'", '(', ')', '<think>', '</think>', 'é', 'Ωmega', '^_^', 'x',
];
const answer = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 60 }),
);
const count = fc.integer({ min: 1, max: 5 });

const FILLERS = [
  'there is', 'there are', "there's", 'we can see', 'you can see', 'in this image', 'in the image', 'the image shows',
  'this image shows', 'the picture depicts', 'it looks like', 'sure!', 'caption:',
];

describe('cleanSentences properties', () => {
  it('one line, at most n sentences, and the sentences are the text as the editor splits it', () => {
    fc.assert(
      fc.property(answer, count, (raw, n) => {
        const out = cleanSentences(raw, n);
        expect(out.text).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(out.sentences.length).toBeLessThanOrEqual(n);
        expect(out.count).toBe(out.sentences.length);
        expect(out.tooFew).toBe(out.count < n);
        expect(out.sentences.join(' ')).toBe(out.text);
        expect(splitSentences(out.text)).toEqual(out.sentences);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: cleaning its own output changes nothing', () => {
    fc.assert(
      fc.property(answer, count, (raw, n) => {
        const once = cleanSentences(raw, n);
        const twice = cleanSentences(once.text, n);
        expect(twice.text).toBe(once.text);
        expect(twice.sentences).toEqual(once.sentences);
        expect(twice.fixes).toEqual([]);
        expect(twice.cut).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('no sentence starts with a filler phrase, and every sentence ends as one', () => {
    fc.assert(
      fc.property(answer, count, (raw, n) => {
        for (const sentence of cleanSentences(raw, n).sentences) {
          const lower = sentence.toLowerCase();
          // A filler is a phrase: `There isThere is` starts with the word `isThere`, not with `There is`.
          for (const filler of FILLERS) expect(lower.startsWith(filler) && !/^[\p{L}\p{N}]/u.test(lower.slice(filler.length))).toBe(false);
          expect(sentence).toMatch(/[.!?…]["'”’»)\]]*$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
