import type { BatchPreview } from '../../../shared/contract/index.ts';
import type { LintFix } from '../../../shared/lint/index.ts';

/*
 * When a lint fix is previewed first, and what the preview says above its list (FixPreview.tsx).
 */

/** A fix touching more than one file is shown before it is applied; one caption is fixed at once (and one undo away). */
export function needsPreview(fix: LintFix): boolean {
  return new Set(fix.ids).size > 1;
}

const captions = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'caption' : 'captions'}`;

export function previewSummary(preview: BatchPreview): string {
  const n = preview.changes.length;
  const parts = [
    n === 0
      ? `None of the ${captions(preview.selected)} would change.`
      : `${n.toLocaleString()} of ${captions(preview.selected)} would change. Nothing is written until you apply, and one undo reverses it all.`,
  ];
  if (preview.refused.length > 0) parts.push(`${preview.refused.length.toLocaleString()} file(s) would be skipped (unreadable or outside the dataset).`);
  if (preview.triggerWordsChanged) parts.push(`Trigger words become: ${preview.triggerWords.join(', ')}.`);
  return parts.join(' ');
}
