import type { Entry } from '../prepare.ts';
import { count } from '../text.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * identical: two or more images whose captions say the same thing. "The same" is Entry.key: the
 * same set of tags in any order (tagKey-normalised, repeats and trigger words aside) and the same
 * sentences (case and spacing aside). One finding per caption shared. Copies of one picture
 * (sameImages) sharing a caption are not reported here: that is right for them, and duplicate-image
 * says the picture is there twice.
 */
export const identical: Rule = (ctx) => {
  const byKey = new Map<number, Entry[]>();
  for (const e of ctx.captioned) {
    const group = byKey.get(e.key);
    if (group) group.push(e);
    else byKey.set(e.key, [e]);
  }
  const drafts: Draft[] = [];
  for (const group of byKey.values()) {
    if (group.length < 2 || new Set(group.map((e) => e.picture)).size < 2) continue;
    drafts.push({
      rule: 'identical',
      severity: 'warning',
      indices: group.map((e) => e.index),
      message: `${count(group.length, 'image')} share one caption (same tags in any order, same sentences): training gets one instruction for different pictures`,
    });
  }
  return drafts;
};
