import type { LintFix } from '../../../shared/lint/index.ts';
import type { LintFinding } from '../../../shared/lint/types.ts';

/*
 * Which one-click fixes the lint panel offers: the mechanical fix of a finding, from the shared
 * `fixFor` (passed in as `fixOf`, so the choice is tested on its own), and for a missing group tag
 * the "Add tag…" choice of which of the group's tags (the finding names them), since that needs a person.
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

/** "Add tag…": one `add` op for the chosen images, at the end of the tag list. */
export function addTagFix(tag: string, ids: readonly string[]): LintFix {
  return { label: `Add "${tag}"`, ops: [{ op: 'add', tags: [tag], at: 'end' }], ids: [...ids] };
}
