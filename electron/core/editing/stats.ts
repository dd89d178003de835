import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { tagFrequencies } from '../../../shared/tags/index.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { editableImages } from './items.ts';

export interface DatasetStats {
  root: string;
  images: number;
  captioned: number;
  uncaptioned: number;
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
  for (const image of images) {
    const { record, doc } = image;
    if (image.query.reviewed) reviewed++;
    if (record.captionError) unreadable.push({ path: record.captionRelPath, reason: record.captionError.message });
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
    uncaptioned: images.length - captioned - unreadable.length,
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
