import type { LintReport, RuleId, Severity } from '../../../shared/lint/types.ts';
import { RULE_LABELS, SEVERITY_RANK as RANK } from '../../../shared/lint/labels.ts';

/** What the last lint report says about an image (the grid's lint badge). */
export interface LintMark {
  /** The most serious severity among its findings. */
  severity: Severity;
  /** Rule names in words, most serious first. */
  rules: string[];
}

/** Per image, what its findings say: the grid's lint badge. Silenced rules are left out. */
export function lintMarksOf(report: LintReport | null, disabled: readonly RuleId[]): Map<string, LintMark> {
  const marks = new Map<string, LintMark>();
  if (!report) return marks;
  const off = new Set(disabled);
  const findings = report.findings.filter((f) => !off.has(f.rule)).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  for (const f of findings) {
    const label = RULE_LABELS[f.rule];
    for (const id of f.images) {
      const mark = marks.get(id);
      if (!mark) marks.set(id, { severity: f.severity, rules: [label] });
      else if (!mark.rules.includes(label)) mark.rules.push(label);
    }
  }
  return marks;
}
