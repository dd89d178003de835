import type { BucketCount } from '../../../shared/trainers/buckets.ts';
import { trimEmptyEnds, type HistogramBin } from '../../../shared/trainers/image-stats.ts';
import { fixForFinding, type TrainerFixKind } from '../../../shared/trainers/fixes.ts';
import type { TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import { kohyaShuffledCaption, type ReadingFinding } from '../../../shared/trainers/reading.ts';
import { leadingTriggerCount } from '../../../shared/trainers/subsets.ts';
import { parseCaption } from '../../../shared/caption/index.ts';
import type { IdFilter } from '../store/types.ts';

/*
 * What the trainer check panel shows, as plain functions of the backend's TrainerCheck: the verdict
 * line, findings with the fix each one offers, the bucket bars and the exact text of one image made
 * visible (a BOM and line ends are invisible in a text box, yet they are what the trainer encodes).
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function verdict(check: TrainerCheck): { text: string; blocked: boolean } {
  const blockers = check.findings.filter((f) => f.severity === 'blocker').length;
  const warnings = check.findings.length - blockers;
  if (blockers > 0) return { text: `${plural(blockers, 'blocker')}: ${TRAINER_NAMES[check.trainer]} would stop`, blocked: true };
  return { text: warnings > 0 ? `Ready to train, with ${plural(warnings, 'warning')}` : 'Ready to train: nothing found', blocked: false };
}

export function countsLine(check: TrainerCheck): string {
  const { counts } = check;
  return (
    `${TRAINER_NAMES[check.trainer]} (captions ${check.captionExtension}) loads ${plural(counts.loaded, 'image')}: ` +
    `${counts.captioned} with a caption, ${counts.uncaptioned} uncaptioned; ${counts.skipped} skipped`
  );
}

export interface FindingRow {
  key: string;
  finding: ReadingFinding;
  fix: TrainerFixKind | null;
}

export function findingRows(check: TrainerCheck): FindingRow[] {
  return check.findings.map((finding, i) => ({ key: `${i}:${finding.kind}`, finding, fix: fixForFinding(finding, check) }));
}

/** The grid shows a finding's images; the ones Tagsmith lists (a .jxl it does not show is left out). */
export function findingFilter(finding: ReadingFinding, known: (id: string) => boolean): IdFilter {
  return { label: `Trainer check: ${finding.message}`, ids: finding.images.filter(known) };
}

export interface BucketBar {
  key: string;
  label: string;
  count: number;
  /** Bar length, 0-100 (% of the fullest bucket). */
  percent: number;
  /** Fewer images than the batch size. */
  small: boolean;
  images: string[];
}

/** One bar per bucket of the first resolution (the one asked for), fullest first. */
export function bucketBars(buckets: readonly BucketCount[], resolution: number, batchSize: number): BucketBar[] {
  const at = buckets.filter((b) => b.resolution === resolution);
  const max = Math.max(1, ...at.map((b) => b.images.length));
  return at
    .map((b) => ({
      key: `${b.resolution}:${b.width}x${b.height}`,
      label: `${b.width}×${b.height}`,
      count: b.images.length,
      percent: Math.round((b.images.length / max) * 100),
      small: b.images.length < batchSize,
      images: b.images,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A histogram's bins as bars, without empty bins at either end (the same trim `stats --images` uses). */
export function histogramBars(bins: readonly HistogramBin[]): Array<{ label: string; count: number; percent: number }> {
  const shown = trimEmptyEnds(bins);
  const max = Math.max(1, ...shown.map((b) => b.count));
  return shown.map((b) => ({ label: b.label, count: b.count, percent: Math.round((b.count / max) * 100) }));
}

/** Invisible characters shown as marks: a BOM, line ends, tabs. */
export function visibleText(text: string): string {
  return text.replace(/\uFEFF/g, '⟨BOM⟩').replace(/\r\n|\r|\n/g, (m) => (m === '\n' ? '⏎' : '⟨CR⟩⏎')).replace(/\t/g, '⇥');
}

/**
 * One sample of what shuffling makes of a caption of tags only (Tagsmith's configs shuffle only
 * those: a sentence would be cut apart at its commas), the leading trigger words fixed as keep_tokens
 * does; null when the caption holds sentences or has nothing to move. The order is a seeded stand-in
 * for random.shuffle, so the sample does not change on every render.
 */
export function sampleShuffle(text: string, triggerWords: readonly string[], seed = 1): string | null {
  const doc = parseCaption(text);
  if (doc.prose !== '' || doc.tags.length < 2) return null;
  const keep = leadingTriggerCount(doc.tags, triggerWords);
  const subset = { shuffle_caption: true, keep_tokens: keep };
  const unshuffled = kohyaShuffledCaption(text, subset);
  // A few seeds: with three tags one order in six is the original, which shows nothing.
  for (let s = seed; s < seed + 8; s++) {
    const shuffled = kohyaShuffledCaption(text, subset, (tokens) => seededShuffle(tokens, s));
    if (shuffled !== unshuffled) return shuffled;
  }
  return null;
}

function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
