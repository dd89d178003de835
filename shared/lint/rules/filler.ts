import { findFiller } from '../../autocaption/sentences.ts';
import { byFrequency, count, listOf, q, verb } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * filler: sentences that keep what the auto-caption cleaner removes ("There is", "We can see", "In
 * this image", "The image shows", "looks like", "appears to be", "might be"...). The phrases come
 * from the cleaner's own tables (autocaption/sentences.ts findFiller), so lint and cleaner agree.
 * Only the sentences are read: a tag such as `looking at viewer` is a tag.
 */
export const filler: Rule = (ctx) => {
  const indices: number[] = [];
  const phrases: string[] = [];
  for (const e of ctx.captioned) {
    if (e.prose === '') continue;
    let found = false;
    for (const sentence of ctx.sentencesOf(e)) {
      const phrase = findFiller(sentence);
      if (phrase === null) continue;
      found = true;
      phrases.push(phrase.toLowerCase());
    }
    if (found) indices.push(e.index);
  }
  if (indices.length === 0) return [];
  return [{
    rule: 'filler',
    severity: 'info',
    indices,
    message: `${count(indices.length, 'caption')} ${verb(indices.length, 'keeps', 'keep')} filler phrases (${listOf(byFrequency(phrases).map(q))}): tokens that say nothing about the image`,
  }];
};
