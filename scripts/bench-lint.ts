// `node --import tsx scripts/bench-lint.ts`: lints 10,000 generated captions in the workflow's format
// (shared/lint/testing/generated-captions.ts, with the usual defects mixed in) with the CLIP token
// estimate, 5 times, and prints the median time. Target: well under a second. The time spent inside
// countTokens is printed apart: it is the tokenizer's cost, not the rules'.
import { estimateClipTokens } from '../shared/clip/estimate.ts';
import { lintCaptions } from '../shared/lint/index.ts';
import { realisticDataset, SENTENCES, TRIGGER } from '../shared/lint/testing/generated-captions.ts';
import { LintSettingsSchema } from '../shared/lint/types.ts';

const COUNT = Number(process.env.BENCH_CAPTIONS ?? 10_000);
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { items, sameImages } = realisticDataset(COUNT);
const settings = LintSettingsSchema.parse({});
const totals: number[] = [];
const tokenizer: number[] = [];
let result: ReturnType<typeof lintCaptions> | null = null;

for (let round = 0; round < ROUNDS; round++) {
  let inTokenizer = 0;
  const countTokens = (line: string) => {
    const start = performance.now();
    const n = estimateClipTokens(line);
    inTokenizer += performance.now() - start;
    return n;
  };
  const start = performance.now();
  result = lintCaptions({ items, sameImages, settings, triggerWords: [TRIGGER], sentences: SENTENCES, countTokens });
  totals.push(performance.now() - start);
  tokenizer.push(inTokenizer);
}

const found = result!.findings.length;
console.log(`lint ${COUNT.toLocaleString('en')} captions: ${median(totals).toFixed(0)} ms (median of ${ROUNDS}; runs ${totals.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  of which countTokens (estimate): ${median(tokenizer).toFixed(0)} ms; ${found} findings; ${result!.summary.verdict}`);
