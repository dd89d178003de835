import type { BucketCount } from '../../shared/trainers/buckets.ts';
import type { UnreadableImage } from '../../shared/trainers/geometry-check.ts';
import type { HistogramBin } from '../../shared/trainers/image-stats.ts';

/*
 * Text tables of image geometry shared by `tagsmith check` (a trainer's buckets) and
 * `tagsmith stats --images` (histograms and kohya's buckets).
 */

/** Widest bar; the terminal's width bounds it when stdout is one (a pipe gets this). */
const MAX_BAR = 40;

/** Columns a bar may take: the terminal's width less the label and count columns, at most MAX_BAR. */
export function barWidth(labelWidth: number, countWidth: number, columns = process.stdout.columns): number {
  if (!columns) return MAX_BAR;
  return Math.max(10, Math.min(MAX_BAR, columns - labelWidth - countWidth - 6));
}

/** One line per row: label, count, and a bar of █ scaled so the largest count fills `width`. */
function barLines(rows: ReadonlyArray<{ label: string; count: number; note?: string }>, width?: number): string[] {
  if (rows.length === 0) return [];
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const countWidth = Math.max(...rows.map((r) => String(r.count).length));
  const bar = width ?? barWidth(labelWidth, countWidth);
  const max = Math.max(...rows.map((r) => r.count));
  return rows.map((r) => {
    // A non-empty row always shows at least one block, so a single image is not invisible beside 10,000.
    const n = r.count === 0 || max === 0 ? 0 : Math.max(1, Math.round((r.count / max) * bar));
    return `  ${r.label.padEnd(labelWidth)}  ${String(r.count).padStart(countWidth)}  ${'█'.repeat(n)}${r.note ? `  ${r.note}` : ''}`.trimEnd();
  });
}

export function histogramLines(bins: readonly HistogramBin[], width?: number): string[] {
  return barLines(bins.map((b) => ({ label: b.label, count: b.count })), width);
}

/**
 * Buckets as `W×H  count  ███`, grouped under a heading per resolution when there are several (ai-toolkit);
 * a bucket holding fewer images than the batch size is marked.
 */
export function bucketLines(buckets: readonly BucketCount[], batchSize: number, width?: number): string[] {
  const resolutions = [...new Set(buckets.map((b) => b.resolution))];
  const lines: string[] = [];
  for (const resolution of resolutions) {
    const rows = buckets
      .filter((b) => b.resolution === resolution)
      .map((b) => ({ label: `${b.width}×${b.height}`, count: b.images.length, ...(b.images.length < batchSize ? { note: `< batch size ${batchSize}` } : {}) }));
    if (resolutions.length > 1) lines.push(` at ${resolution}:`);
    lines.push(...barLines(rows, width));
  }
  return lines;
}

export function unreadableLines(unreadable: readonly UnreadableImage[], shown = 10): string[] {
  const lines = unreadable.slice(0, shown).map((u) => `  ${u.image}: ${u.reason}`);
  if (unreadable.length > shown) lines.push(`  ... ${unreadable.length - shown} more (--json for all)`);
  return lines;
}
