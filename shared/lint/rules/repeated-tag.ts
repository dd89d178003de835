import { byFrequency, count, listOf, q, verb } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * repeated-tag: the same tag twice in one caption, compared exactly as written (trimmed) - exactly
 * what the `dedupe` fix removes. `long_hair` next to `long hair` is underscore-mix's; `Smile` next to
 * `smile` is left alone (no op can pick the spelling to keep).
 */
export const repeatedTag: Rule = (ctx) => {
  const indices: number[] = [];
  const repeats: string[] = [];
  for (const e of ctx.captioned) {
    const seen = new Set<string>();
    let repeated = false;
    for (const tag of e.tags) {
      if (!seen.has(tag)) {
        seen.add(tag);
        continue;
      }
      if (!repeated) indices.push(e.index);
      repeated = true;
      repeats.push(tag);
    }
  }
  if (indices.length === 0) return [];
  return [{
    rule: 'repeated-tag',
    severity: 'info',
    indices,
    message: `${count(indices.length, 'caption')} ${verb(indices.length, 'repeats', 'repeat')} a tag (${listOf(byFrequency(repeats).map(q))}): a repeat only adds weight and tokens`,
  }];
};
