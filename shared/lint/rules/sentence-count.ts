import { count, have, listOf } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * sentence-count: captions WITH sentences whose count (splitSentences, as the editor counts them)
 * is not the dataset's N. Tags-only captions are not asked for sentences: many datasets are WD14
 * tags alone. An N below 1 means no count is expected.
 */
export const sentenceCount: Rule = (ctx) => {
  const want = ctx.input.sentences;
  if (!(want >= 1)) return [];
  const indices: number[] = [];
  const seen = new Set<number>();
  for (const e of ctx.captioned) {
    if (e.prose === '') continue;
    const n = ctx.sentencesOf(e).length;
    if (n === want) continue;
    indices.push(e.index);
    seen.add(n);
  }
  if (indices.length === 0) return [];
  const counts = [...seen].sort((a, b) => a - b).map(String);
  return [{
    rule: 'sentence-count',
    severity: 'info',
    indices,
    message: `${count(indices.length, 'caption')} ${have(indices.length)} ${listOf(counts, 4, 'or')} ${counts.length === 1 && Number(counts[0]) === 1 ? 'sentence' : 'sentences'} instead of ${want}`,
  }];
};
