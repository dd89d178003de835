import type { ImageItem } from '../../../shared/contract/index.ts';
import { RULE_IDS, type LintFinding, type LintReport, type RuleId, type Severity } from '../../../shared/lint/types.ts';
import { RULE_LABELS, SEVERITY_RANK as RANK, worse } from '../../../shared/lint/labels.ts';
import type { IdFilter } from '../store/types.ts';

/*
 * What the lint panel and the grid show of a lint report, as plain functions (tested in model.test.ts):
 * one row per rule, the grid filters of findings, the summary lines (rules in words: shared/lint/labels.ts;
 * per-image marks for the badges: store/lint-marks.ts).
 */

export { RULE_LABELS, SEVERITY_LABELS, worse } from '../../../shared/lint/labels.ts';
export { lintMarksOf } from '../store/lint-marks.ts';

export interface RuleRow {
  rule: RuleId;
  label: string;
  /** The most serious severity among its findings; null for a silenced rule (nothing to show). */
  severity: Severity | null;
  /** Images concerned, each counted once. */
  images: number;
  findings: LintFinding[];
  silenced: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
export const imagesText = (n: number): string => plural(n, 'image');

/** Every image id the findings name, once each, first-seen order. */
export function imagesOf(findings: readonly LintFinding[]): string[] {
  const seen = new Set<string>();
  for (const f of findings) for (const id of f.images) seen.add(id);
  return [...seen];
}

/**
 * One row per rule that found something, most serious first (then most images); silenced rules last,
 * without findings, so they can be let back in.
 */
export function ruleRows(report: LintReport | null, disabled: readonly RuleId[]): RuleRow[] {
  const off = new Set(disabled);
  const byRule = new Map<RuleId, LintFinding[]>();
  for (const f of report?.findings ?? []) {
    if (off.has(f.rule)) continue;
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const rows: RuleRow[] = [];
  for (const [rule, findings] of byRule) {
    const severity = findings.map((f) => f.severity).reduce(worse);
    const images = report?.counts[rule] ?? imagesOf(findings).length;
    rows.push({ rule, label: RULE_LABELS[rule], severity, images, findings, silenced: false });
  }
  rows.sort((a, b) => RANK[a.severity!] - RANK[b.severity!] || b.images - a.images || RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule));
  for (const rule of RULE_IDS) {
    if (off.has(rule)) rows.push({ rule, label: RULE_LABELS[rule], severity: null, images: 0, findings: [], silenced: true });
  }
  return rows;
}

/** The grid filter for one finding, or (`findings` of a rule) for all of a rule's images. */
export function findingFilter(finding: LintFinding): IdFilter {
  return { label: `${RULE_LABELS[finding.rule]}: ${finding.message}`, ids: finding.images };
}

export function ruleFilter(row: Pick<RuleRow, 'label' | 'findings'>): IdFilter {
  return { label: row.label, ids: imagesOf(row.findings) };
}

export interface SummaryLine {
  label: string;
  value: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

const HASHES: Record<LintReport['imageHashes'], string> = { done: 'checked', off: 'not checked', failed: 'check failed' };

export function summaryLines(report: LintReport): SummaryLine[] {
  const s = report.summary;
  return [
    { label: 'Captioned', value: `${s.captioned.toLocaleString()} of ${s.images.toLocaleString()}` },
    { label: 'Unique tag sets', value: pct(s.uniqueTagSets) },
    { label: 'Mean similarity', value: pct(s.meanSimilarity) },
    { label: 'Distinct tags', value: s.distinctTags.toLocaleString() },
    { label: 'Tags per caption', value: s.meanTags.toFixed(1) },
    { label: 'Tokenizer', value: report.tokenizer === 'clip-bpe' ? 'CLIP tokenizer' : 'estimate' },
    { label: 'Duplicate pictures', value: HASHES[report.imageHashes] },
  ];
}

/** What the panel says while a run is going: hashing is the slow part, so say so. */
export function runningText(captions: number, images: boolean, seconds: number): string {
  const what = `Linting ${plural(captions, 'caption')}`;
  const time = seconds >= 1 ? ` (${seconds} s)` : '';
  return images ? `${what} and hashing images${time}… the first run takes a while on big sets.` : `${what}${time}…`;
}

/**
 * Whether captions changed since the report's run. Compared by content, not by reference: the store
 * replaces the images record on every change event, including the echo of an edit already linted.
 */
export function captionsChangedSince(basis: Readonly<Record<string, ImageItem>> | null, images: Readonly<Record<string, ImageItem>>): boolean {
  if (basis === null || basis === images) return false;
  const ids = Object.keys(images);
  if (ids.length !== Object.keys(basis).length) return true;
  return ids.some((id) => basis[id]?.caption !== images[id]!.caption);
}

