import { imageStats, trimEmptyEnds, type ImageStats } from '../../../shared/trainers/image-stats.ts';
import { readImageGeometry } from '../../core/check/image-geometry.ts';
import type { Dataset } from '../../core/dataset/dataset.ts';
import { bucketLines, histogramLines, unreadableLines } from '../image-tables.ts';

// `tagsmith stats --images`, apart from stats.ts so that plain `stats` loads neither sharp nor the
// trainers' config code the buckets come from.

/** Reads every image's header and summarizes sizes, ratios and kohya's buckets at `resolution`. */
export async function datasetImageStats(dataset: Dataset, resolution: number): Promise<ImageStats> {
  const geometry = await readImageGeometry(dataset.root, dataset.images().map((r) => r.relPath));
  return imageStats(geometry.images, geometry.unreadable, { resolution });
}

const mp = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The --images section: ranges, then the histograms (empty tails cut) and kohya's buckets as bars. */
export function formatImageStats(s: ImageStats): string {
  const row = (label: string, value: string) => `  ${label.padEnd(17)}${value}`;
  const lines = ['', 'images (from their headers)', row('measured', String(s.images))];
  if (s.unreadable.length) lines.push(row('unreadable', String(s.unreadable.length)));
  if (s.width && s.height && s.megapixels && s.smallest && s.largest) {
    lines.push(
      row('width', `${s.width.min}-${s.width.max} px`),
      row('height', `${s.height.min}-${s.height.max} px`),
      row('megapixels', `${mp(s.megapixels.min)}-${mp(s.megapixels.max)}, median ${mp(s.megapixels.median)}`),
      row('smallest', `${s.smallest.width}×${s.smallest.height}  ${s.smallest.image}`),
      row('largest', `${s.largest.width}×${s.largest.height}  ${s.largest.image}`),
      row('EXIF-rotated', `${s.exifRotated.length}${s.exifRotated.length ? ' (kohya ignores the tag and trains them as stored)' : ''}`),
      ...s.exifRotated.slice(0, 10).map((r) => `    ${r}`),
      ...(s.exifRotated.length > 10 ? [`    ... ${s.exifRotated.length - 10} more (--json for all)`] : []),
      '',
      'megapixels',
      ...histogramLines(trimEmptyEnds(s.megapixelHistogram)),
      '',
      'aspect ratio (width:height, as shown)',
      ...histogramLines(trimEmptyEnds(s.aspectHistogram)),
      '',
      `kohya buckets at ${s.kohyaBuckets.resolution}${s.kohyaBuckets.notRead ? ` (${s.kohyaBuckets.notRead} image(s) in formats kohya does not read left out)` : ''}`,
      ...bucketLines(s.kohyaBuckets.buckets, 1),
    );
  }
  if (s.unreadable.length) lines.push('', 'unreadable images', ...unreadableLines(s.unreadable));
  return `${lines.join('\n')}\n`;
}
