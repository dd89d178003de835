import type { LintFinding, LintReport, RuleId, Severity } from '../../../shared/lint/types.ts';

/* Lint reports for tests (used by the *.test.ts files only). */

export function finding(rule: RuleId, images: string[], severity: Severity = 'warning', message = `${rule} here`): LintFinding {
  return { rule, severity, images, message };
}

/** A report over the findings; counts are the distinct images per rule, as the backend reports them. */
export function lintReport(findings: LintFinding[], patch: Partial<LintReport> = {}): LintReport {
  const perRule = new Map<RuleId, Set<string>>();
  for (const f of findings) {
    const set = perRule.get(f.rule) ?? new Set<string>();
    for (const id of f.images) set.add(id);
    perRule.set(f.rule, set);
  }
  return {
    findings,
    counts: Object.fromEntries([...perRule].map(([rule, ids]) => [rule, ids.size])) as LintReport['counts'],
    summary: { images: 10, captioned: 9, uniqueTagSets: 0.8, meanSimilarity: 0.412, distinctTags: 1234, meanTags: 12.34, verdict: 'repetitive: many captions share their tags' },
    tokenizer: 'estimate',
    imageHashes: 'done',
    durationMs: 1200,
    ...patch,
  };
}
