// `npm run bench:patterns`: what running user patterns on RE2 (shared/pattern) costs, as ratios
// against JavaScript's RegExp doing the same work side by side in this process (the reference the
// editor used before). Each pair runs alternately, several rounds; medians compared.
//   1. filter queries (regex, glob, text regex) over 100,000 images, as the renderer evaluates them
//   2. a regex --replace-text planned over 10,000 captions
//   3. the patterns that hang RegExp, over the issue's caption and a 100,000-character one (RE2 only)
import { compilePattern } from '../shared/pattern/index.ts';
import { compileQuery, type QueryItem } from '../shared/query/index.ts';
import { planBatch, type TagOp } from '../shared/tags/index.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function sideBySide(name: string, ours: () => unknown, reference: () => unknown): void {
  ours();
  reference();
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { a.push(time(ours)); b.push(time(reference)); } else { b.push(time(reference)); a.push(time(ours)); }
  }
  const [ma, mb] = [median(a), median(b)];
  console.log(`${name}: RE2 ${ma.toFixed(1)} ms, RegExp ${mb.toFixed(1)} ms, ratio ${(ma / mb).toFixed(2)}x`);
}

const VOCAB = ['1girl', 'solo', 'long hair', 'short hair', 'smile', 'red dress', 'indoors', 'outdoors', 'looking at viewer', 'blue eyes', 'brown hair', 'kneeling', 'low angle', 'hatsune_miku_(cosplay)'];
let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const items: QueryItem[] = Array.from({ length: 100_000 }, (_, i) => {
  const tags = VOCAB.filter(() => rnd() < 0.3);
  const prose = 'She sits on a bench in the park. The light is warm.';
  return { path: `img_${i}.png`, hasCaption: true, tags, prose, text: `${tags.join(', ')}. ${prose}`, sentences: 2, reviewed: false };
});

const filters: Array<[string, (it: QueryItem) => boolean]> = [
  ['tag:/hair$/i', (it) => it.tags.some((t) => /hair$/i.test(t))],
  ['tag:*hair', (it) => it.tags.some((t) => /^[\s\S]*hair$/iu.test(t))],
  ['text:/sits? on/i', (it) => /sits? on/i.test(it.text)],
];
for (const [query, reference] of filters) {
  const compiled = compileQuery(query);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const predicate = compiled.value;
  sideBySide(`filter ${query} over 100,000 images`, () => items.filter(predicate).length, () => items.filter(reference).length);
}

// The engine alone, on the pieces planBatch hands it: each tag and the prose of 10,000 captions.
const pieces = items.slice(0, 10_000).flatMap((it) => [...it.tags, it.prose]);
const re2 = compilePattern('(\\w+) (hair)', { ignoreCase: true });
if (!re2.ok) throw new Error(re2.error.message);
const rewrite = re2.value;
const js = /(\w+) (hair)/giu;
sideBySide(
  'regex replace over the tags and prose of 10,000 captions',
  () => pieces.map((t) => rewrite.replaceAll(t, '$2 $1')),
  () => pieces.map((t) => t.replace(js, '$2 $1')),
);
const captions = items.slice(0, 10_000).map((it, i) => ({ id: `${i}.txt`, text: it.text }));
const ops: TagOp[] = [{ op: 'replaceText', find: '(\\w+) (hair)', replace: '$2 $1', regex: true, caseSensitive: false }];
const planned = median(Array.from({ length: 3 }, () => time(() => planBatch(captions, ops, { triggerWords: [], frequencies: new Map(), separator: ', ' }))));
console.log(`the whole plan of that replace (parse, replace, serialize): ${planned.toFixed(0)} ms`);

const issue = `x, ${'a'.repeat(40)}!`;
const long = `x, ${'a'.repeat(100_000)}!`;
for (const source of ['(a+)+$', '(a|aa)+$', '(.*a){20}', '^(\\w+\\s?)*$']) {
  const compiled = compilePattern(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const p = compiled.value;
  const ms = median(Array.from({ length: 3 }, () => time(() => p.replaceAll(issue, 'b'))));
  const msLong = median(Array.from({ length: 3 }, () => time(() => p.replaceAll(long, 'b'))));
  console.log(`${source}: ${ms.toFixed(2)} ms on the issue's caption, ${msLong.toFixed(0)} ms on 100,000 characters (RegExp: does not finish)`);
}
