import { splitFirstLine } from '../../../shared/caption/index.ts';
import { exportImagePlan, TRAINER_NAMES } from '../../../shared/trainers/index.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import type { Dataset } from '../dataset/dataset.ts';

export interface ExportItem {
  /** Image path relative to the dataset root ('/'-separated): also its path inside the export. */
  relPath: string;
  /** Where the image goes inside the export: relPath, or with a .png name when it is converted. */
  destRelPath: string;
  /** Re-encode as PNG: the trainer does not read the image's own format (image-formats.ts). */
  toPng: boolean;
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
 * picture. With a format, images that trainer does not read are converted to PNG when sharp can
 * (.avif), else left out. Every image left out is listed with the reason.
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
    const plan = format ? exportImagePlan(format, record.relPath) : ({ kind: 'copy' } as const);
    if (plan.kind === 'skip') {
      skip(plan.reason);
      continue;
    }
    const converted = plan.kind === 'png';
    selection.items.push({
      relPath: record.relPath,
      destRelPath: converted ? plan.relPath : record.relPath,
      toPng: converted,
      captionRelPath: record.captionRelPath,
      caption: record.caption.text,
    });
  }
  if (format) dropNameClashes(selection, format);
  return selection;
}

/**
 * A converted image takes a .png name that another image of the dataset may already have (a.avif
 * beside a.png): the copy keeps its name and the converted one is left out, with the reason. Names
 * are compared without case, as a Windows or macOS disk would.
 */
function dropNameClashes(selection: Selection, format: TrainerFormat): void {
  const taken = new Set(selection.items.filter((i) => !i.toPng).map((i) => i.destRelPath.toLowerCase()));
  selection.items = selection.items.filter((item) => {
    if (!item.toPng) return true;
    const key = item.destRelPath.toLowerCase();
    if (!taken.has(key)) {
      taken.add(key);
      return true;
    }
    const name = item.destRelPath.slice(item.destRelPath.lastIndexOf('/') + 1);
    selection.skipped.push({ id: item.relPath, reason: `${TRAINER_NAMES[format]} does not read it and its PNG copy would overwrite ${name}` });
    return false;
  });
}

/** '' for an image at the root, else its folder ('a/b'). */
export const folderOf = (relPath: string): string => relPath.slice(0, Math.max(0, relPath.lastIndexOf('/')));
