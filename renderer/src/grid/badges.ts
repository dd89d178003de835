import type { ImageItem, JobFailure } from '../../../shared/contract/index.ts';
import type { Severity } from '../../../shared/lint/types.ts';
import { describeFailure } from '../autocaption/progress.ts';
import type { Draft } from '../store/types.ts';
import type { LintMark } from '../store/lint-marks.ts';
import { parseCaption, splitFirstLine } from '../../../shared/caption/index.ts';
import { isTriggerOnly } from '../../../shared/tags/tag-key.ts';

export type BadgeKind = 'uncaptioned' | 'trigger-only' | 'unsaved' | 'conflict' | 'error' | 'failed' | 'working' | 'lint' | 'reviewed';

/** An image's part in the shown auto-caption job (store/jobs.ts jobActive, jobFailures). */
export interface JobMark {
  working: boolean;
  failure: JobFailure | undefined;
}

export type { LintMark } from '../store/lint-marks.ts';

export interface Badge {
  kind: BadgeKind;
  /** Visible and read by screen readers. */
  text: string;
  /** Longer explanation (tooltip). */
  detail: string;
  /** Lint badges take the colour of their most serious finding. */
  severity?: Severity;
}

const BLANK = /^\s*$/;

/** What an image's grid card or list row flags, most urgent first. */
export function badgesFor(
  image: ImageItem | undefined,
  draft: Draft | undefined,
  job?: JobMark,
  lint?: LintMark,
  reviewed?: boolean,
  triggerWords: readonly string[] = [],
): Badge[] {
  const badges: Badge[] = [];
  if (draft?.status === 'conflict') badges.push({ kind: 'conflict', text: 'Conflict', detail: 'Changed on disk by another program while you edited it' });
  const error = image?.captionError ?? (draft?.status === 'error' ? (draft.error ?? 'Could not be saved') : undefined);
  if (error !== undefined) badges.push({ kind: 'error', text: 'Error', detail: error });
  if (job?.failure) badges.push({ kind: 'failed', text: 'Failed', detail: describeFailure(job.failure) });
  if (job?.working) badges.push({ kind: 'working', text: 'Working', detail: 'Being auto-captioned now' });
  if (draft && (draft.status === 'dirty' || draft.status === 'saving')) {
    badges.push({ kind: 'unsaved', text: draft.status === 'saving' ? 'Saving' : 'Unsaved', detail: 'Edits not yet written to the caption file' });
  }
  if (draft?.status === 'empty') badges.push({ kind: 'unsaved', text: 'Unsaved', detail: 'The edit leaves the caption empty: delete the caption file or keep editing' });
  const text = draft ? draft.text : (image?.caption ?? null);
  if (text === null || BLANK.test(firstLineOf(text))) badges.push({ kind: 'uncaptioned', text: 'No caption', detail: 'No caption text (trainers read line 1)' });
  else if (triggerWords.length > 0 && isTriggerOnly(parseCaption(text), triggerWords)) {
    badges.push({ kind: 'trigger-only', text: 'Trigger only', detail: 'Line 1 holds only the trigger words: auto-caption treats it as uncaptioned (is:trigger-only)' });
  }
  // Last: the lint report is a snapshot of an earlier run, the badges above are live.
  if (lint && lint.rules.length > 0) badges.push({ kind: 'lint', text: 'Lint', detail: lint.rules.join(', '), severity: lint.severity });
  // Progress, not a problem: after everything that asks for attention.
  if (reviewed) badges.push({ kind: 'reviewed', text: 'Reviewed', detail: 'Marked reviewed' });
  return badges;
}

/** Line 1 without a BOM: what the preview shows and what trainers read. */
export function firstLineOf(text: string): string {
  return splitFirstLine(text).line;
}
