import { removeFileIfExists } from '../fs/atomic-write.ts';
import { FileReader } from '../fs/file-reader.ts';
import { toAbsolute } from '../fs/inside-root.ts';
import { forEachSliced } from '../fs/parallel.ts';
import { isTempDebris } from '../journal/temp-debris.ts';
import type { Progress } from '../journal/transaction.ts';
import type { DatasetSettings } from '../settings/settings.ts';
import { loadSettings } from '../settings/settings.ts';
import { CaptionIndex, type ImageRecord } from './caption-index.ts';
import { readCaptionInto } from './external-changes.ts';
import { scanDataset } from './scan.ts';

export interface LoadedDataset {
  settings: DatasetSettings;
  index: CaptionIndex;
  /** One line each: a damaged settings file, images sharing a caption, entries the scan skipped. */
  warnings: string[];
}

/**
 * Reads a dataset folder into memory: its settings, every image and caption file (scan), and every
 * caption's text (read in time slices, so a server stays responsive while 100,000 are read). Removes
 * the temp files a killed writer left behind. Touches no journal: the caller holds that. `onListed`:
 * the images in grid order once they are listed, before any caption is read.
 */
export async function loadDataset(root: string, onProgress?: (p: Progress) => void, onListed?: (images: readonly ImageRecord[]) => void): Promise<LoadedDataset> {
  const warnings: string[] = [];
  const loaded = await loadSettings(root);
  if (loaded.problem) warnings.push(`${loaded.problem.message} (defaults in use; settings will not be saved until it is fixed)`);
  const scan = await scanDataset(root, loaded.settings.captionExtension);
  onProgress?.({ done: scan.images.length, total: scan.images.length, phase: 'scan' });
  for (const a of scan.ambiguous) {
    warnings.push(`${a.images.join(' and ')} share the caption ${a.captionRelPath}: an edit to one changes both`);
  }
  for (const s of scan.skipped) warnings.push(`${s.relPath}: skipped (${s.reason})`);
  const { index, toRead } = CaptionIndex.fromScan(scan, loaded.settings.captionExtension);
  onListed?.(index.images());
  const reader = new FileReader();
  await forEachSliced(toRead, (rel) => readCaptionInto(root, index, rel, reader), {
    onSlice: (done) => onProgress?.({ done, total: toRead.length, phase: 'read' }),
  });
  // A writer killed between creating its temp file and renaming it leaves the temp behind.
  for (const t of scan.tempFiles) {
    const abs = toAbsolute(root, t.relPath);
    if (await isTempDebris(abs, t.writer)) await removeFileIfExists(abs).catch(() => undefined);
  }
  return { settings: loaded.settings, index, warnings };
}
