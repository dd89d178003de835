import type { CaptionDoc } from '../../../shared/caption/index.ts';
// The module, not the tags barrel: the barrel brings the pattern engine (re2js), which stats never needs.
import { tagFrequencies } from '../../../shared/tags/frequencies.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { editableImages } from './items.ts';

export interface DatasetStats {
  root: string;
  images: number;
  captioned: number;
  uncaptioned: number;
  /** Which images they are (relative paths, dataset order): what a sharded run, or a failed image, left. */
  uncaptionedImages: string[];
  /** Images marked reviewed (marks of images that are gone do not count). */
  reviewed: number;
  orphanCaptions: string[];
  unreadableCaptions: Array<{ path: string; reason: string }>;
  /** Captions whose line 1 is empty or whitespace: present, but they teach the trainer nothing. */
  emptyCaptions: number;
  triggerWords: string[];
  distinctTags: number;
  /** Number of captions containing each tag, most frequent first (ties alphabetical). */
  tags: Array<{ tag: string; count: number }>;
  warnings: string[];
}

export function datasetStats(dataset: Dataset): DatasetStats {
  const images = editableImages(dataset);
  // Two images sharing one caption file count once in tag frequencies.
  const captionDocs = new Map<string, CaptionDoc>();
  let captioned = 0;
  let empty = 0;
  let reviewed = 0;
  const unreadable: DatasetStats['unreadableCaptions'] = [];
  const uncaptioned: string[] = [];
  for (const image of images) {
    const { record, doc } = image;
    if (image.query.reviewed) reviewed++;
    if (record.captionError) unreadable.push({ path: record.captionRelPath, reason: record.captionError.message });
    else if (!record.caption) uncaptioned.push(record.relPath);
    if (!record.caption) continue;
    captioned++;
    if (!doc || captionDocs.has(record.captionRelPath)) continue;
    captionDocs.set(record.captionRelPath, doc);
    if (image.query.text.trim() === '') empty++;
  }
  const counts = tagFrequencies(captionDocs.values());
  const tags = [...counts].map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return {
    root: dataset.root,
    images: images.length,
    captioned,
    uncaptioned: uncaptioned.length,
    uncaptionedImages: uncaptioned,
    reviewed,
    orphanCaptions: [...dataset.orphanCaptions()],
    unreadableCaptions: unreadable,
    emptyCaptions: empty,
    triggerWords: [...dataset.settings().triggerWords],
    distinctTags: counts.size,
    tags,
    warnings: [...dataset.warnings()],
  };
}
