import { describe, it, expect } from 'vitest';
import { parseCaption } from '../caption/index.ts';
import { planBatch, type BatchItem } from './batch.ts';
import { tagFrequencies } from './frequencies.ts';
import { triggerWordsAfter } from './triggers.ts';
import { validateOps } from './compile.ts';
import { TagOpSchema, type TagOp } from './ops.ts';
import type { OpContext } from './apply.ts';

const op = (o: unknown): TagOp => TagOpSchema.parse(o);
const ctx: OpContext = { triggerWords: ['ohwx'], frequencies: new Map(), separator: ', ' };

describe('planBatch', () => {
  const items: BatchItem[] = [
    { id: 'a', text: 'ohwx, red dress, solo\r\n' },
    { id: 'b', text: '\uFEFFohwx, blue dress. She sits.' },
    { id: 'c', text: null },
    { id: 'd', text: '' },
  ];

  it('returns only the captions that change, with before and after', () => {
    const changes = planBatch(items, [op({ op: 'replaceText', find: 'red', replace: 'green' })], ctx);
    expect(changes).toEqual([{ id: 'a', before: 'ohwx, red dress, solo\r\n', after: 'ohwx, green dress, solo\r\n' }]);
  });

  it('leaves images without a caption alone unless asked to create theirs', () => {
    expect(planBatch(items, [op({ op: 'remove', tags: ['solo'] })], ctx).map((c) => c.id)).toEqual(['a']);
    expect(planBatch(items, [op({ op: 'add', tags: ['1girl'] })], ctx).map((c) => c.id)).toEqual(['a', 'b']);
    const added = planBatch(items, [op({ op: 'add', tags: ['1girl'] })], ctx, { createMissing: true });
    expect(added).toContainEqual({ id: 'c', before: null, after: '1girl' });
    expect(added).toContainEqual({ id: 'd', before: '', after: '1girl' });
    expect(added.find((c) => c.id === 'b')?.after).toBe('\uFEFFohwx, blue dress, 1girl. She sits.');
    // A blank line 1 is uncaptioned even with notes below it; the notes are never lost.
    const noted = [{ id: 'n', text: '  \nnotes' }];
    expect(planBatch(noted, [op({ op: 'add', tags: ['x'] })], ctx)).toEqual([]);
    expect(planBatch(noted, [op({ op: 'add', tags: ['x'] })], ctx, { createMissing: true })).toEqual([{ id: 'n', before: '  \nnotes', after: 'x\nnotes' }]);
  });

  it('deletes a caption an edit leaves blank, and never creates an empty one', () => {
    const only = [{ id: 't', text: 'ohwx' }, { id: 'u', text: '\uFEFFohwx\r\n' }, { id: 'v', text: 'ohwx\nnotes' }, { id: 'w', text: null }];
    const removed = planBatch(only, [op({ op: 'remove', tags: ['ohwx'] })], ctx, { createMissing: true });
    expect(removed).toEqual([
      { id: 't', before: 'ohwx', after: null },
      { id: 'u', before: '\uFEFFohwx\r\n', after: null },
      { id: 'v', before: 'ohwx\nnotes', after: '\nnotes' },
    ]);
  });

  it('gives nothing for no ops or ops that change nothing', () => {
    expect(planBatch(items, [], ctx)).toEqual([]);
    expect(planBatch(items, [op({ op: 'replace', from: 'solo', to: 'solo' }), op({ op: 'dedupe' })], ctx)).toEqual([]);
  });

  it('puts a trigger word first on every caption, creating missing ones only when asked', () => {
    const changes = planBatch(items, [op({ op: 'trigger', words: ['sks'] })], ctx);
    expect(changes.map((c) => c.after)).toEqual(['sks, ohwx, red dress, solo\r\n', '\uFEFFsks, ohwx, blue dress. She sits.']);
    const created = planBatch(items, [op({ op: 'trigger', words: ['sks'] })], ctx, { createMissing: true });
    expect(created.map((c) => c.after)).toEqual(['sks, ohwx, red dress, solo\r\n', '\uFEFFsks, ohwx, blue dress. She sits.', 'sks', 'sks']);
  });

  // Speed is measured side by side in `npm run bench`, never asserted here (shared boxes are noisy).
  it('plans 3 ops over 10,000 typical captions, touching every one', () => {
    const vocab = ['1girl', 'solo', 'long hair', 'looking at viewer', 'smile', 'blue eyes', 'red dress', 'hatsune_miku_(cosplay)', '^_^',
      'kneeling', 'low angle', 'indoors', 'wooden floor', 'thighhighs', 'brown hair', 'open mouth', 'white shirt', 'skirt', 'holding', 'sky'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const big: BatchItem[] = [];
    for (let i = 0; i < 10_000; i++) {
      const tags = ['ohwx'];
      for (let k = 12 + Math.floor(rnd() * 12); k > 0; k--) tags.push(vocab[Math.floor(rnd() * vocab.length)]!);
      const prose = i % 2 ? '. She kneels on a wooden floor, smiling at the viewer. Light falls from the left. The room is dim.' : '';
      big.push({ id: String(i), text: tags.join(', ') + prose + '\n' });
    }
    const ops = [
      op({ op: 'replaceText', find: 'red', replace: 'blue' }),
      op({ op: 'sort', by: 'alpha' }),
      op({ op: 'add', tags: ['masterpiece'], at: 'start' }),
    ];
    const changes = planBatch(big, ops, ctx);
    expect(changes).toHaveLength(10_000);
    for (const c of changes.slice(0, 50)) expect(c.after!.startsWith('ohwx, masterpiece, ')).toBe(true);
  });
});

describe('tagFrequencies', () => {
  it('counts captions containing each tag, once per caption', () => {
    const docs = ['a, b, a', 'a', 'c. She sits, a', ''].map(parseCaption);
    expect(tagFrequencies(docs)).toEqual(new Map([['a', 2], ['b', 1], ['c', 1]]));
    const long = parseCaption(Array.from({ length: 100 }, (_, i) => `t${i % 50}`).join(', '));
    expect(tagFrequencies([long, long]).get('t7')).toBe(2);
  });
});

describe('triggerWordsAfter', () => {
  it('puts each trigger op\'s words in front of the current list', () => {
    expect(triggerWordsAfter([], ['ohwx'])).toEqual(['ohwx']);
    expect(triggerWordsAfter([op({ op: 'dedupe' })], ['ohwx'])).toEqual(['ohwx']);
    expect(triggerWordsAfter([op({ op: 'trigger', words: ['sks'] })], ['ohwx'])).toEqual(['sks', 'ohwx']);
    expect(triggerWordsAfter([op({ op: 'trigger', words: ['ohwx'] })], ['ohwx'])).toEqual(['ohwx']);
    expect(triggerWordsAfter([op({ op: 'trigger', words: ['a'] }), op({ op: 'trigger', words: [' b ', 'a'] })], [])).toEqual(['b', 'a']);
  });
});

describe('validateOps', () => {
  it('reports a bad regex as a Result instead of throwing', () => {
    const bad = validateOps([op({ op: 'replaceText', find: '([a-', replace: '', regex: true })]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.kind).toBe('invalid-regex');
    expect(validateOps([op({ op: 'replaceText', find: '([a-', replace: '' })]).ok).toBe(true);
  });
});

describe('planBatch finds every spelling', () => {
  it('removes a tag written with other case, underscores or doubled spaces', () => {
    const items = [{ id: 'a', text: 'Long  Hair, smile' }, { id: 'b', text: 'long_hair' }, { id: 'c', text: 'short hair' }];
    const changes = planBatch(items, [op({ op: 'remove', tags: ['long hair'] })], ctx);
    expect(changes).toEqual([{ id: 'a', before: 'Long  Hair, smile', after: 'smile' }, { id: 'b', before: 'long_hair', after: null }]);
  });
});
