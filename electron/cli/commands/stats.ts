import type { Command } from 'commander';
import { imageStats, trimEmptyEnds, type ImageStats } from '../../../shared/trainers/image-stats.ts';
import { readImageGeometry } from '../../core/check/image-geometry.ts';
import { datasetStats, type DatasetStats } from '../../core/editing/stats.ts';
import { wholeNumber } from '../args.ts';
import { bucketLines, histogramLines, unreadableLines } from '../image-tables.ts';
import { openDataset } from '../open.ts';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count images, captions, orphans, reviewed images and tag frequencies')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print JSON (every tag)')
    .option('--top <n>', 'how many tags to list in text output', '30')
    .option('--images', 'also read every image header: sizes, megapixels, aspect ratios, EXIF-rotated photos, kohya buckets')
    .option('--resolution <px>', "with --images: training resolution for kohya's buckets (64-8192)", wholeNumber(64, 8192), 1024)
    .action(async (dir: string, opts: { json?: boolean; top: string; images?: boolean; resolution: number }) => {
      const dataset = await openDataset(dir);
      const stats = datasetStats(dataset);
      let images: ImageStats | null = null;
      if (opts.images) {
        const geometry = await readImageGeometry(dataset.root, dataset.images().map((r) => r.relPath));
        images = imageStats(geometry.images, geometry.unreadable, { resolution: opts.resolution });
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(images ? { ...stats, imageStats: images } : stats, null, 2)}\n`);
      else process.stdout.write(formatStats(stats, Number(opts.top) || 30) + (images ? formatImageStats(images) : ''));
    });
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

export function formatStats(s: DatasetStats, top: number): string {
  const lines = [
    `${s.root}`,
    `  images           ${s.images}`,
    `  captioned        ${s.captioned}`,
    `  uncaptioned      ${s.uncaptioned}`,
    `  reviewed         ${s.reviewed}`,
    `  orphan captions  ${s.orphanCaptions.length}`,
  ];
  if (s.unreadableCaptions.length) lines.push(`  unreadable       ${s.unreadableCaptions.length}`);
  if (s.emptyCaptions) lines.push(`  empty captions   ${s.emptyCaptions}`);
  lines.push(`  distinct tags    ${s.distinctTags}`);
  if (s.triggerWords.length) lines.push(`  trigger words    ${s.triggerWords.join(', ')}`);
  for (const o of s.orphanCaptions.slice(0, 10)) lines.push(`  orphan: ${o}`);
  for (const u of s.unreadableCaptions.slice(0, 10)) lines.push(`  unreadable: ${u.path}: ${u.reason}`);
  for (const w of s.warnings.slice(0, 10)) lines.push(`  warning: ${w}`);
  if (s.tags.length) {
    lines.push('', `top tags (captions containing the tag)`);
    const width = String(s.tags[0]!.count).length;
    for (const { tag, count } of s.tags.slice(0, top)) lines.push(`  ${String(count).padStart(width)}  ${tag}`);
    if (s.tags.length > top) lines.push(`  ... ${s.tags.length - top} more (--top N, or --json for all)`);
  }
  return `${lines.join('\n')}\n`;
}
