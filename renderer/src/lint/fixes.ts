import type { CaptionDoc } from '../../../shared/caption/index.ts';
import type { LintFix } from '../../../shared/lint/index.ts';
import type { LintFinding, TagGroup } from '../../../shared/lint/types.ts';
import { tagKey } from '../../../shared/autocaption/select-tags.ts';

/*
 * Which one-click fixes the lint panel offers: the mechanical fix of a finding, from the shared
 * `fixFor` (passed in as `fixOf`, so the choice is tested on its own), and for a missing group tag
 * the "Add tag…" choice of which tag, since that needs a person.
 */

export type FixOf = (finding: LintFinding) => LintFix | null;

/** The finding's fix, or none: a fixer that throws must not take the panel down with it. */
export function fixOfFinding(fixOf: FixOf, finding: LintFinding): LintFix | null {
  try {
    const fix = fixOf(finding);
    return fix && fix.ops.length > 0 && fix.ids.length > 0 ? fix : null;
  } catch {
    return null;
  }
}

// Tags compared as the group rules compare them (case-insensitive, `_` read as a space).
const hasGroupTag = (doc: CaptionDoc, group: TagGroup): boolean => {
  const wanted = new Set(group.tags.map(tagKey));
  return doc.tags.some((t) => wanted.has(tagKey(t)));
};

/**
 * The tag groups a group-missing finding is about. A finding names its images but not its group, so
 * the groups are found again: the required groups none of its images has a tag of; a group the
 * message names comes first. When captions changed since the run and no group is missing any more,
 * the groups the message names (else every required group) are offered.
 */
export function missingGroups(finding: LintFinding, docs: Readonly<Record<string, CaptionDoc | null>>, groups: readonly TagGroup[]): TagGroup[] {
  const required = groups.filter((g) => g.required);
  const captioned = finding.images.map((id) => docs[id]).filter((d): d is CaptionDoc => d !== null && d !== undefined);
  const message = finding.message.toLowerCase();
  const named = (g: TagGroup) => message.includes(g.name.toLowerCase());
  const missing = captioned.length > 0 ? required.filter((g) => captioned.every((d) => !hasGroupTag(d, g))) : [];
  if (missing.length > 0) return [...missing.filter(named), ...missing.filter((g) => !named(g))];
  const mentioned = required.filter(named);
  return mentioned.length > 0 ? mentioned : required;
}

/** "Add tag…": one `add` op for the chosen images, at the end of the tag list. */
export function addTagFix(tag: string, ids: readonly string[]): LintFix {
  return { label: `Add "${tag}"`, ops: [{ op: 'add', tags: [tag], at: 'end' }], ids: [...ids] };
}
