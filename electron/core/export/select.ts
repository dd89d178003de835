import { splitFirstLine } from '../../../shared/caption/index.ts';
import { unreadImageReason } from '../../../shared/trainers/index.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import type { Dataset } from '../dataset/dataset.ts';

export interface ExportItem {
  /** Image path relative to the dataset root ('/'-separated): also its path inside the export. */
  relPath: string;
  captionRelPath: string;
  /** The caption file's whole text. */
  caption: string;
}

export interface Selection {
  items: ExportItem[];
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * The images a trainer gets: those with a caption whose line 1 says something. An uncaptioned image
 * is left out, not exported with an empty caption: kohya would train it on the class tokens alone
 * and ai-toolkit on the bare trigger word, which teaches the LoRA that the trigger means that whole
 * picture. With a format, images that trainer does not read are left out too. Every image left
 * out is listed with the reason.
 */
export function selectImages(dataset: Dataset, format: TrainerFormat | null): Selection {
  const selection: Selection = { items: [], skipped: [] };
  for (const record of dataset.images()) {
    const skip = (reason: string) => selection.skipped.push({ id: record.relPath, reason });
    if (record.captionError) {
      skip(`caption not exported: ${record.captionError.message}`);
      continue;
    }
    if (!record.caption) {
      skip('no caption file');
      continue;
    }
    if (splitFirstLine(record.caption.text).line.trim() === '') {
      skip('caption line 1 is empty');
      continue;
    }
    const unread = format ? unreadImageReason(format, record.relPath) : null;
    if (unread) {
      skip(unread);
      continue;
    }
    selection.items.push({ relPath: record.relPath, captionRelPath: record.captionRelPath, caption: record.caption.text });
  }
  return selection;
}

/** '' for an image at the root, else its folder ('a/b'). */
export const folderOf = (relPath: string): string => relPath.slice(0, Math.max(0, relPath.lastIndexOf('/')));
