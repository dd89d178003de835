import { underscoresToSpaces } from '../../tags/index.ts';
import { count, listOf, q, verb } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * underscore-mix: a tag written with underscores in some captions (`long_hair`, as WD14 emits it)
 * and with spaces in others (`long hair`), compared by tagKey (case aside). CLIP tokenises the two
 * differently, so the set teaches one concept under two spellings. Kaomoji (`^_^`) and faces made
 * of symbols keep their underscores (underscoresToSpaces leaves them alone), and trigger words are
 * chosen tokens: neither is reported. The finding lists the captions holding the underscore
 * spelling, the ones the `underscoresToSpaces` fix rewrites (spaces being the WD14 convention).
 */
export const underscoreMix: Rule = (ctx) => {
  const spaced = new Set<string>();
  const underscored = new Map<string, { indices: number[]; spellings: Set<string> }>();
  for (const e of ctx.captioned) {
    e.tags.forEach((tag, i) => {
      const key = e.keys[i]!;
      if (ctx.triggerKeys.has(key)) return;
      if (!tag.includes('_')) {
        spaced.add(key);
        return;
      }
      if (underscoresToSpaces(tag) === tag) return;
      const uses = underscored.get(key);
      if (!uses) underscored.set(key, { indices: [e.index], spellings: new Set([tag]) });
      else {
        uses.spellings.add(tag);
        if (uses.indices[uses.indices.length - 1] !== e.index) uses.indices.push(e.index);
      }
    });
  }
  const indices = new Set<number>();
  const spellings: string[] = [];
  for (const [key, uses] of underscored) {
    if (!spaced.has(key)) continue;
    for (const i of uses.indices) indices.add(i);
    spellings.push(...uses.spellings);
  }
  if (indices.size === 0) return [];
  return [{
    rule: 'underscore-mix',
    severity: 'warning',
    indices: [...indices],
    message: `${count(indices.size, 'caption')} ${verb(indices.size, 'writes', 'write')} ${listOf(spellings.map(q))} with underscores where others use spaces: the model reads them as different tokens`,
    // Named so the fix rewrites these spellings only, not every underscore tag of those captions.
    tags: spellings,
  }];
};
