import type { Command } from 'commander';
import type { ImageStats } from '../../../shared/trainers/image-stats.ts';
import type { DatasetStats } from '../../core/editing/stats.ts';
import { wholeNumber } from '../args.ts';

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
      // Loaded when the command runs (see program.ts); sharp only with --images.
      const [{ openDataset }, { datasetStats }] = await Promise.all([import('../open.ts'), import('../../core/editing/stats.ts')]);
      const dataset = await openDataset(dir);
      const stats = datasetStats(dataset);
      // --images reads image headers (sharp) and forms trainers' buckets: loaded only then.
      const section = opts.images ? await import('./stats-images.ts') : null;
      const images: ImageStats | null = section ? await section.datasetImageStats(dataset, opts.resolution) : null;
      if (opts.json) process.stdout.write(`${JSON.stringify(images ? { ...stats, imageStats: images } : stats, null, 2)}\n`);
      else process.stdout.write(formatStats(stats, Number(opts.top) || 30) + (section && images ? section.formatImageStats(images) : ''));
    });
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
  for (const u of s.uncaptionedImages.slice(0, 10)) lines.push(`  uncaptioned: ${u}`);
  if (s.uncaptionedImages.length > 10) lines.push(`  ... ${s.uncaptionedImages.length - 10} more uncaptioned (--json for all)`);
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
