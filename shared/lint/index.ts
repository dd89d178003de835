import { finalize } from './findings.ts';
import type { LintInput } from './input.ts';
import { prepare } from './prepare.ts';
import { RULES } from './rules/index.ts';
import { summarize } from './summary.ts';
import { RULE_IDS, type LintFinding, type LintSummary, type RuleId } from './types.ts';

export type { LintInput, LintItem } from './input.ts';
export { fixFor, type LintFix } from './fix.ts';

/**
 * Lints a dataset's captions: every rule not in settings.disabled (disabled rules are not computed
 * and count 0), then the summary. Pure and synchronous; 10,000 captions take well under a second
 * (scripts/bench-lint.ts).
 */
export function lintCaptions(input: LintInput): { findings: LintFinding[]; counts: Record<RuleId, number>; summary: LintSummary } {
  const ctx = prepare(input);
  const disabled = new Set(input.settings.disabled);
  const drafts = RULE_IDS.filter((id) => !disabled.has(id)).flatMap((id) => RULES[id](ctx));
  return { ...finalize(ctx, drafts), summary: summarize(ctx) };
}
