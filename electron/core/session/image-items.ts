import type { ImageItem } from '../../../shared/contract/models.ts';
import type { Dataset, ImageRecord } from '../dataset/dataset.ts';

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
  if (captionPaths.size === 0) return [];
  return dataset.images().filter((record) => captionPaths.has(record.captionRelPath));
}

interface Seen {
  text: string | null;
  error: string | undefined;
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
