import { tagKey } from '../../autocaption/select-tags.ts';
import type { Entry } from '../prepare.ts';
import type { TagGroup } from '../types.ts';
import { byFrequency, count, have, listOf, q } from '../text.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * Tag groups (settings.groups; by default camera angle, pose, framing), matched on tags only, with
 * tagKey (case-insensitive, `_` read as a space): the sentences may mention a pose in passing ("a
 * book lying on the table"), a tag is a deliberate statement.
 * - group-missing: a captioned image has no tag of a `required` group. One finding per group.
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

export const groupMissing: Rule = (ctx) => {
  const drafts: Draft[] = [];
  for (const group of ctx.input.settings.groups) {
    if (!group.required) continue;
    const keys = keySet(group);
    const indices = ctx.captioned.filter((e) => !e.keys.some((k) => keys.has(k))).map((e) => e.index);
    if (indices.length === 0) continue;
    drafts.push({
      rule: 'group-missing',
      severity: 'warning',
      indices,
      message: `${count(indices.length, 'caption')} ${have(indices.length)} no ${group.name} tag (${listOf(group.tags.map(q), 4)}): keep it stated on every image`,
      // The group's tags: the choice the "add a group tag" fix offers.
      tags: group.tags,
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
