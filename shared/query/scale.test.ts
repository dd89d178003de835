import { describe, it, expect } from 'vitest';
import type { QueryItem } from './ast.ts';
import { compileQuery } from './evaluate.ts';

const VOCAB = [
  '1girl', 'solo', 'long hair', 'short hair', 'smile', 'red dress', 'indoors', 'outdoors', 'looking at viewer',
  'blue eyes', 'brown hair', 'hatsune_miku_(cosplay)', '^_^', 'kneeling', 'standing', 'low angle', 'open mouth',
  'blush', 'skirt', 'hair ornament', 'jewelry', 'hat', 'gloves', 'boots', 'thighhighs', 'necklace', ':3',
];
const PROSE = ['', 'She kneels on a wooden floor.', 'The light is warm. Red curtains hang behind her.', 'A cat sits. It waits. It sleeps.'];

/** Deterministic so a failure reproduces; a tiny LCG is plenty for spreading attributes around. */
function generate(count: number): QueryItem[] {
  let seed = 42;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 0x100000000;
  };
  const items: QueryItem[] = [];
  for (let i = 0; i < count; i++) {
    const hasCaption = rnd() > 0.05;
    const tags = hasCaption ? VOCAB.filter(() => rnd() < 0.3).map((t) => (rnd() < 0.1 ? t.toUpperCase() : t)) : [];
    const prose = hasCaption ? (PROSE[Math.floor(rnd() * PROSE.length)] as string) : '';
    const text = [tags.join(', '), prose].filter((s) => s !== '').join('. ');
    const folder = ['', 'sub dir/', 'a/b/'][i % 3] as string;
    const ext = ['png', 'jpg', 'PNG', 'webp'][Math.floor(rnd() * 4)] as string;
    const reviewed = rnd() < 0.4;
    items.push({
      path: `${folder}img_${String(i).padStart(6, '0')}.${ext}`,
      hasCaption,
      tags,
      prose,
      text,
      sentences: prose.split('.').filter((s) => s.trim() !== '').length,
      reviewed,
    });
  }
  return items;
}

const hasTag = (it: QueryItem, t: string): boolean => it.tags.some((x) => x.toLowerCase() === t);

/** Each query next to a plain-JS statement of what it means, written independently of the engine. */
const CASES: [string, (it: QueryItem) => boolean][] = [
  ['tag:smile', (it) => hasTag(it, 'smile')],
  ['tag:"hatsune_miku_(cosplay)" OR tag:"^_^"', (it) => hasTag(it, 'hatsune_miku_(cosplay)') || hasTag(it, '^_^')],
  ['tag:*hair', (it) => it.tags.some((t) => t.toLowerCase().endsWith('hair'))],
  ['tag:hair*', (it) => it.tags.some((t) => t.toLowerCase().startsWith('hair'))],
  ['text:red -tag:"red dress"', (it) => it.text.toLowerCase().includes('red') && !hasTag(it, 'red dress')],
  ['file:*.png', (it) => it.path.toLowerCase().endsWith('.png')],
  ['file:"sub dir/*"', (it) => it.path.startsWith('sub dir/')],
  ['missing:caption OR tags<2', (it) => !it.hasCaption || it.tags.length < 2],
  ['has:prose sentences!=3', (it) => it.prose !== '' && it.sentences !== 3],
  ['chars>120 tag:solo', (it) => it.text.length > 120 && hasTag(it, 'solo')],
  ['NOT (tag:solo OR tag:1girl) has:tags', (it) => !(hasTag(it, 'solo') || hasTag(it, '1girl')) && it.tags.length > 0],
  ['is:reviewed tag:smile', (it) => it.reviewed && hasTag(it, 'smile')],
  ['-is:reviewed OR missing:caption', (it) => !it.reviewed || !it.hasCaption],
  ['text:/cat sits/i kneeling', (it) => /cat sits/i.test(it.text) && it.text.toLowerCase().includes('kneeling')],
];

describe('100k items', () => {
  const items = generate(100_000);

  it.each(CASES)('%s selects exactly what it means', (src, reference) => {
    const compiled = compileQuery(src);
    if (!compiled.ok) throw new Error(compiled.error.message);
    const got: number[] = [];
    const want: number[] = [];
    items.forEach((it, i) => {
      if (compiled.value(it)) got.push(i);
      if (reference(it)) want.push(i);
    });
    // Guards against a generator that makes the comparison trivial (nothing or everything matching).
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(items.length);
    expect(got).toEqual(want);
  });
});
