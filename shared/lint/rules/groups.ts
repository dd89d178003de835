import { tagKey } from '../../tags/tag-key.ts';
import type { Entry } from '../prepare.ts';
import type { TagGroup } from '../types.ts';
import { byFrequency, count, have, listOf, percent, q } from '../text.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * Tag groups (settings.groups; by default camera angle, pose, framing), matched on tags only, with
 * tagKey (case-insensitive, `_` read as a space): the sentences may mention a pose in passing ("a
 * book lying on the table"), a tag is a deliberate statement.
 * - group-missing: a captioned image has no tag of a group that the dataset states as a rule: the
 *   group is `required`, or at least `groupMajority` of the captions (60% by default) state one of
 *   its tags. A set that never states framing is not inconsistent about framing, so it gets no
 *   framing warning; a set that states it on 280 of 296 images should state it on the other 16.
 *   One finding per group.
 * - group-conflict: a caption has two different tags of an `exclusive` group (standing + sitting);
 *   the same tag twice is repeated-tag's. One finding per group.
 */

/** The caption's tags that belong to the group, one per distinct key, as written. */
function tagsOf(entry: Entry, keys: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const foundKeys: string[] = [];
  for (let i = 0; i < entry.keys.length; i++) {
    const k = entry.keys[i]!;
    if (!keys.has(k) || foundKeys.includes(k)) continue;
    foundKeys.push(k);
    found.push(entry.tags[i]!);
  }
  return found;
}

function keySet(group: TagGroup): Set<string> {
  return new Set(group.tags.map(tagKey));
}

/** Floating point slack for `stating >= share * total` (0.7 * 10 is 7.000000000000001). */
const EPSILON = 1e-9;

export const groupMissing: Rule = (ctx) => {
  const drafts: Draft[] = [];
  const { groups, groupMajority } = ctx.input.settings;
  const total = ctx.captioned.length;
  for (const group of groups) {
    const keys = keySet(group);
    const lacking: number[] = [];
    // How often each of the group's tags is used, by key: the message and the fix name the set's own choices.
    const used = new Map<string, number>();
    for (const e of ctx.captioned) {
      const found = e.keys.filter((k) => keys.has(k));
      if (found.length === 0) lacking.push(e.index);
      for (const k of new Set(found)) used.set(k, (used.get(k) ?? 0) + 1);
    }
    const stating = total - lacking.length;
    if (lacking.length === 0) continue;
    const convention = stating > 0 && stating + EPSILON >= groupMajority * total;
    if (!group.required && !convention) continue;
    // The group's tags, the ones this set uses first (most used first): "Add tag…" offers them in this order.
    const rank = (t: string) => used.get(tagKey(t)) ?? 0;
    const tags = [...group.tags].sort((a, b) => rank(b) - rank(a));
    const usedTags = tags.filter((t) => rank(t) > 0);
    const lack = `${count(lacking.length, 'caption')} ${have(lacking.length)} no ${group.name} tag`;
    const message = group.required
      ? `${lack} (${listOf(tags.map(q), 4)}): this dataset requires one on every image`
      : `${lack}, while ${stating} of ${total} (${percent(stating / total)}) state one, mostly ${listOf(usedTags.slice(0, 2).map(q), 2, 'or')}: state it on these too`;
    drafts.push({
      rule: 'group-missing',
      severity: 'warning',
      indices: lacking,
      message,
      // The group's tags: the choice the "add a group tag" fix offers.
      tags,
    });
  }
  return drafts;
};

export const groupConflict: Rule = (ctx) => {
  const drafts: Draft[] = [];
  for (const group of ctx.input.settings.groups) {
    if (!group.exclusive) continue;
    const keys = keySet(group);
    const indices: number[] = [];
    const pairs: string[] = [];
    for (const e of ctx.captioned) {
      if (!e.keys.some((k) => keys.has(k))) continue;
      const found = tagsOf(e, keys);
      if (found.length < 2) continue;
      indices.push(e.index);
      pairs.push(found.map(q).join(' + '));
    }
    if (indices.length === 0) continue;
    drafts.push({
      rule: 'group-conflict',
      severity: 'warning',
      indices,
      message: `${count(indices.length, 'caption')} ${have(indices.length)} more than one ${group.name} tag (${listOf(byFrequency(pairs), 2)}): they contradict each other`,
    });
  }
  return drafts;
};
