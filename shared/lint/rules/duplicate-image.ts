import type { Entry } from '../prepare.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * duplicate-image: for each group of images showing the same picture (input.sameImages, from
 * perceptual hashes), one finding:
 *   - error when the copies' captions differ (Entry.key: tags in any order, case and `_` aside, and
 *     the sentences): one picture, two different instructions, the conflict training cannot resolve;
 *   - info when they all say the same: harmless, but the picture is trained once per copy.
 * A missing and a blank caption count as the same (empty) caption. Ids not in the dataset are ignored.
 */
export const duplicateImage: Rule = (ctx) => {
  const groups = ctx.input.sameImages ?? [];
  if (groups.length === 0) return [];
  const byId = new Map<string, Entry>();
  for (const e of ctx.entries) if (!byId.has(e.id)) byId.set(e.id, e);
  const drafts: Draft[] = [];
  for (const ids of groups) {
    const entries = [...new Set(ids.map((id) => byId.get(id)).filter((e) => e !== undefined))];
    if (entries.length < 2) continue;
    const n = entries.length;
    const differ = new Set(entries.map((e) => e.key)).size > 1;
    drafts.push({
      rule: 'duplicate-image',
      severity: differ ? 'error' : 'info',
      indices: entries.map((e) => e.index),
      message: differ
        ? `The same picture appears ${n} times with different captions: one image, conflicting instructions`
        : `The same picture appears ${n} times with the same caption: it is trained ${n} times as often as the others`,
    });
  }
  return drafts;
};
