import type { FindingKind, ReadingFinding, TrainerReading } from './reading.ts';

/*
 * The mechanical fixes `tagsmith check --fix` and the editor's trainer check offer for what stops or
 * misleads a trainer. Pure: the types of a plan and the rules for which finding a fix answers, so the
 * editor can put a "Fix" button on the right finding without asking the backend. The fixes themselves
 * run in electron/core/check/fixes.ts, through the journal.
 */

export const TRAINER_FIX_KINDS = ['bom', 'caption-ext', 'empty-files'] as const;
export type TrainerFixKind = (typeof TRAINER_FIX_KINDS)[number];

export const TRAINER_FIX_LABELS: Readonly<Record<TrainerFixKind, string>> = {
  bom: 'strip the UTF-8 BOM from caption files',
  'caption-ext': 'rename .caption caption files to .txt',
  'empty-files': 'remove 0-byte caption files',
};

/** The fix that answers each finding kind; see fixForFinding for the one case that depends on the reading. */
export const FIX_FOR_FINDING: Readonly<Partial<Record<FindingKind, TrainerFixKind>>> = {
  bom: 'bom',
  'ignored-caption-file': 'caption-ext',
  'caption-file-empty': 'empty-files',
};

/**
 * The fix to offer on a finding, or null. `ignored-caption-file` is answered by renaming only when the
 * trainer reads `.txt`: then the ignored files are `.caption` ones. A trainer set to `.caption` ignores
 * `.txt` files instead, and renaming `.caption` files would hide the captions it does read.
 */
export function fixForFinding(finding: Pick<ReadingFinding, 'kind'>, reading: Pick<TrainerReading, 'captionExtension'>): TrainerFixKind | null {
  const fix = FIX_FOR_FINDING[finding.kind] ?? null;
  if (fix === 'caption-ext' && reading.captionExtension !== '.txt') return null;
  return fix;
}

export const isTrainerFixKind = (s: string): s is TrainerFixKind => (TRAINER_FIX_KINDS as readonly string[]).includes(s);

/** One file a fix changes. A rename is one change: `path` goes, `to` is created with `after`. */
export interface TrainerFixChange {
  /** The fixes that shape this change (a renamed file may also lose its BOM). */
  fixes: TrainerFixKind[];
  /** The caption file as it is now. */
  path: string;
  /** Set for a rename: the new name. */
  to?: string;
  /** The images that read this caption file (Tagsmith's pairing or the trainer's). */
  images: string[];
  /** What the file holds now (decoded; a BOM kept as U+FEFF). */
  before: string;
  /** What is written (at `to` for a rename); null: the file is removed. */
  after: string | null;
}

export interface TrainerFixSkip {
  fix: TrainerFixKind;
  path: string;
  reason: string;
}

export interface TrainerFixPlan {
  kinds: TrainerFixKind[];
  changes: TrainerFixChange[];
  /** Files a chosen fix leaves alone, and why (e.g. a `.txt` of that name already exists). */
  skipped: TrainerFixSkip[];
  /** The dataset's caption extension changes with the renames (same journal entry); null: it does not. */
  captionExtension: { from: string; to: string } | null;
  /** Changes per fix (a change shaped by two fixes counts for both). */
  counts: Record<TrainerFixKind, number>;
}

export function countFixes(changes: readonly Pick<TrainerFixChange, 'fixes'>[]): Record<TrainerFixKind, number> {
  const counts = Object.fromEntries(TRAINER_FIX_KINDS.map((k) => [k, 0])) as Record<TrainerFixKind, number>;
  for (const c of changes) for (const k of c.fixes) counts[k] += 1;
  return counts;
}

/** "stripped the BOM from 2 files, renamed 1 .caption file to .txt" (past) or "strip the BOM from ..." (would). */
export function describeFixCounts(counts: Record<TrainerFixKind, number>, tense: 'done' | 'would'): string {
  const files = (n: number, what = 'file') => `${n} ${what}${n === 1 ? '' : 's'}`;
  const done = tense === 'done';
  const parts: string[] = [];
  if (counts.bom) parts.push(`${done ? 'stripped' : 'strip'} the BOM from ${files(counts.bom)}`);
  if (counts['caption-ext']) parts.push(`${done ? 'renamed' : 'rename'} ${files(counts['caption-ext'], '.caption file')} to .txt`);
  if (counts['empty-files']) parts.push(`${done ? 'removed' : 'remove'} ${files(counts['empty-files'], '0-byte caption file')}`);
  return parts.length ? parts.join(', ') : 'nothing to fix';
}
