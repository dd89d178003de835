import { DEFAULT_TAG_GROUPS, type TagGroup } from '../../../shared/lint/types.ts';
import type { DatasetSettings } from '../../../shared/settings.ts';
import { MAX_QUICK_TAGS } from '../../../shared/settings.ts';
import type { TagOp } from '../../../shared/tags/index.ts';

/*
 * Quick tags: the dataset-critical tags taggers skip (camera angle, pose), one key each. The person
 * pins them per dataset; until then the row offers the dataset's most used tags of its angle and pose
 * groups. A group marked exclusive (the lint settings' tag groups) holds one tag per caption, so
 * turning "sitting" on turns "standing" off, in its place.
 */

export interface QuickTag {
  tag: string;
  /** The first lint tag group the tag belongs to, if any. */
  group: TagGroup | null;
}

/** The groups suggestions come from when nothing is pinned: the dataset's own angle and pose groups. */
const SUGGESTED_GROUPS = ['camera angle', 'pose'];

export function quickTags(settings: Pick<DatasetSettings, 'quickTags' | 'lint'>, tagCounts: ReadonlyMap<string, number>): QuickTag[] {
  const groups = settings.lint.groups;
  const groupOf = (tag: string) => groups.find((g) => g.tags.includes(tag)) ?? null;
  if (settings.quickTags.length > 0) return settings.quickTags.slice(0, MAX_QUICK_TAGS).map((tag) => ({ tag, group: groupOf(tag) }));
  const sources = SUGGESTED_GROUPS.map((name) => groups.find((g) => g.name === name) ?? DEFAULT_TAG_GROUPS.find((g) => g.name === name)!);
  const seen = new Set<string>();
  const candidates: { tag: string; group: TagGroup; count: number; rank: number }[] = [];
  for (const group of sources) {
    for (const tag of group.tags) {
      if (seen.has(tag)) continue;
      seen.add(tag);
      candidates.push({ tag, group, count: tagCounts.get(tag) ?? 0, rank: candidates.length });
    }
  }
  // Most used first; unused ones keep the groups' own order, so a fresh dataset still gets a useful row.
  candidates.sort((a, b) => b.count - a.count || a.rank - b.rank);
  return candidates.slice(0, MAX_QUICK_TAGS).map(({ tag }) => ({ tag, group: groupOf(tag) }));
}

/** Keys 1-9 name quick tags 0-8. */
export function quickTagIndex(key: string): number | null {
  return key.length === 1 && key >= '1' && key <= '9' ? key.charCodeAt(0) - 49 : null;
}

export interface Toggle {
  ops: TagOp[];
  /** What the toggle does, for the journal and the status bar. */
  label: string;
}

/**
 * The edit that toggles `quick` on a caption with `tags`: off when present; else on, replacing the one
 * tag of an exclusive group already there (in its place), or dropping several, or added at the end.
 */
export function toggleOps(tags: readonly string[], quick: QuickTag): Toggle {
  const { tag, group } = quick;
  if (tags.includes(tag)) return { ops: [{ op: 'remove', tags: [tag] }], label: `remove ${tag}` };
  const rivals = group?.exclusive ? [...new Set(tags.filter((t) => t !== tag && group.tags.includes(t)))] : [];
  if (rivals.length === 1) return { ops: [{ op: 'replace', from: rivals[0]!, to: tag }], label: `${tag} instead of ${rivals[0]}` };
  const add: TagOp = { op: 'add', tags: [tag], at: 'end' };
  if (rivals.length > 1) return { ops: [{ op: 'remove', tags: rivals }, add], label: `${tag} instead of ${rivals.join(', ')}` };
  return { ops: [add], label: `add ${tag}` };
}

/**
 * The same toggle over several captions, as one batch: off everywhere when every caption has the tag,
 * else on everywhere (rivals of an exclusive group dropped).
 */
export function toggleOpsForMany(allHaveIt: boolean, quick: QuickTag): Toggle {
  const { tag, group } = quick;
  if (allHaveIt) return { ops: [{ op: 'remove', tags: [tag] }], label: `remove ${tag}` };
  const rivals = group?.exclusive ? group.tags.filter((t) => t !== tag) : [];
  const add: TagOp = { op: 'add', tags: [tag], at: 'end' };
  return { ops: rivals.length > 0 ? [{ op: 'remove', tags: rivals }, add] : [add], label: `add ${tag}` };
}
