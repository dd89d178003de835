import type { ImageItem } from '../../../shared/contract/models.ts';
import type { Dataset, ImageRecord } from '../dataset/dataset.ts';
import { comparePaths } from '../dataset/path-order.ts';

/** An image as it crosses the boundary: id = image path, caption = the whole file text. */
export function toImageItem(record: ImageRecord): ImageItem {
  const item: ImageItem = { id: record.relPath, captionPath: record.captionRelPath, caption: record.caption?.text ?? null };
  if (record.captionError) item.captionError = record.captionError.message;
  return item;
}

export function findImage(dataset: Dataset, id: string): ImageRecord | undefined {
  return dataset.image(id);
}

/** Every image reading one of these caption files (two images can share one caption file). */
export function imagesOfCaptions(dataset: Dataset, captionPaths: ReadonlySet<string>): ImageRecord[] {
  const out: ImageRecord[] = [];
  for (const p of captionPaths) out.push(...dataset.imagesOfCaption(p));
  return out;
}

interface Seen {
  text: string | null;
  error: string | undefined;
}

/**
 * What one mutation changed, in proportion to the files it touched: the caption files the dataset
 * wrote while it ran (its onWrite hook), and their images found through the index. A mutation that
 * rebuilt the index (a caption extension change rescans) reports every image instead.
 */
export class TouchedCaptions {
  private readonly touched = new Set<string>();
  private readonly loadsBefore: number;
  private stop: (() => void) | null;

  constructor(dataset: Dataset) {
    this.loadsBefore = dataset.loadCount();
    this.stop = dataset.onWrite((p) => this.touched.add(p));
  }

  /** Stops listening; call once the mutation is over (also when it threw). */
  close(): void {
    this.stop?.();
    this.stop = null;
  }

  /** Images whose caption file was written (all of them after a rescan); `removed` is kept for the callers' shape. */
  diff(dataset: Dataset): { changed: ImageRecord[]; removed: string[] } {
    this.close();
    // A rescan pairs the same images with other caption files; images that went meanwhile are the
    // watcher's to report, as changes made elsewhere.
    if (dataset.loadCount() !== this.loadsBefore) return { changed: [...dataset.images()], removed: [] };
    // In the index's order, as a walk over every record would have listed them (writes may finish in
    // any order). A big batch is that walk: sorting 100,000 paths with the collator took ~0.1 s.
    const images = dataset.images();
    if (this.touched.size * 8 > images.length) return { changed: images.filter((r) => this.touched.has(r.captionRelPath)), removed: [] };
    const changed: ImageRecord[] = [];
    for (const p of this.touched) for (const r of dataset.imagesOfCaption(p)) changed.push(r);
    changed.sort((a, b) => comparePaths(a.relPath, b.relPath));
    return { changed, removed: [] };
  }
}

/** What every image's caption held at one moment, to tell afterwards what a mutation (or rescan) changed. */
export class CaptionSnapshot {
  private readonly seen = new Map<string, Seen>();

  constructor(dataset: Dataset) {
    for (const record of dataset.images()) {
      this.seen.set(record.relPath, { text: record.caption?.text ?? null, error: record.captionError?.message });
    }
  }

  /** Images whose caption differs now (or that are new), and ids that are gone. */
  diff(dataset: Dataset): { changed: ImageRecord[]; removed: string[] } {
    const changed: ImageRecord[] = [];
    const present = new Set<string>();
    for (const record of dataset.images()) {
      present.add(record.relPath);
      const was = this.seen.get(record.relPath);
      if (!was || was.text !== (record.caption?.text ?? null) || was.error !== record.captionError?.message) changed.push(record);
    }
    const removed = [...this.seen.keys()].filter((id) => !present.has(id));
    return { changed, removed };
  }
}
