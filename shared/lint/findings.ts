import type { LintContext } from './prepare.ts';
import type { Draft } from './rules/index.ts';
import { RULE_IDS, SEVERITIES, type LintFinding, type RuleId } from './types.ts';

/**
 * Drafts -> findings: image lists in dataset order without repeats; findings sorted by severity,
 * then rule (RULE_IDS order), then their first image; `counts` = images concerned per rule (each
 * image once per rule), every rule id present.
 */
export function finalize(ctx: LintContext, drafts: readonly Draft[]): { findings: LintFinding[]; counts: Record<RuleId, number> } {
  const counts = Object.fromEntries(RULE_IDS.map((id) => [id, 0])) as Record<RuleId, number>;
  const concerned = new Map<RuleId, Set<number>>();
  const sorted = drafts
    .filter((d) => d.indices.length > 0)
    .map((d) => ({ draft: d, indices: [...new Set(d.indices)].sort((a, b) => a - b) }))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.draft.severity) - SEVERITIES.indexOf(b.draft.severity) ||
        RULE_IDS.indexOf(a.draft.rule) - RULE_IDS.indexOf(b.draft.rule) ||
        a.indices[0]! - b.indices[0]!,
    );
  for (const { draft, indices } of sorted) {
    let set = concerned.get(draft.rule);
    if (!set) concerned.set(draft.rule, (set = new Set()));
    for (const i of indices) set.add(i);
  }
  for (const [rule, set] of concerned) counts[rule] = set.size;
  const findings = sorted.map(({ draft, indices }) => ({
    rule: draft.rule,
    severity: draft.severity,
    images: indices.map((i) => ctx.entries[i]!.id),
    message: draft.message,
    ...(draft.tags ? { tags: [...draft.tags] } : {}),
  }));
  return { findings, counts };
}
