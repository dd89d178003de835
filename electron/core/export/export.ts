import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { aiToolkitRewrites, folderRepeats, kohyaFolderName, kohyaRepeatsFor, kohyaSeparatedCaption, repeatsFor, trainerCaption, TRAINER_NAMES } from '../../../shared/trainers/index.ts';
import type { ExportRequest, ExportResult } from '../../../shared/trainers/types.ts';
import type { Dataset, Progress } from '../dataset/dataset.ts';
import { errnoLine } from '../fs/errno.ts';
import { isRealInside, toAbsolute } from '../fs/inside-root.ts';
import { forEachLimit } from '../fs/parallel.ts';
import { CONFIG_FILE_NAMES, configFileText } from './config-file.ts';
import { copyImage } from './copy-image.ts';
import type { ExportConfinement } from './confine.ts';
import { checkDestination, commitStaging, createStaging } from './destination.ts';
import { folderOf, selectImages, type ExportItem } from './select.ts';

export interface ExportOptions {
  onProgress?: (p: Progress) => void;
  /** Web mode only: where exports may go (confine.ts). The desktop app and the CLI export where the user says. */
  confine?: ExportConfinement;
}

/**
 * Copies the captioned images and their captions into a new folder laid out for one trainer, with
 * its config file beside them. The dataset is only read. Layout:
 *   kohya (kohyaFolders)  <to>/<repeats>_<trigger> <class>/…  + <to>/dataset.toml
 *   otherwise             <to>/images/…                       + <to>/dataset.toml | dataset.yaml | concept.json
 * Keeping the images in a subfolder keeps the config file (and anything the trainer caches next to
 * its data) out of the image folder. Nested folders keep their relative paths, so no two files can
 * collide. Captions are written as their line 1 plus a line break; OneTrainer always gets `.txt`
 * (the only caption extension it looks for), the others the dataset's own extension. An image in a
 * format the trainer does not read but sharp decodes (.avif for kohya and ai-toolkit) goes as a PNG.
 */
export async function exportDataset(dataset: Dataset, request: ExportRequest, opts: ExportOptions = {}): Promise<Result<ExportResult, AppError>> {
  const { format, options } = request;
  if (request.placeholders && format !== 'ai-toolkit') {
    return err({ kind: 'invalid-argument', message: `[trigger] placeholders are for ai-toolkit only: ${TRAINER_NAMES[format]} would train on the literal text` });
  }
  if (request.placeholders && dataset.settings().triggerWords.length > 1) {
    return err({ kind: 'invalid-argument', message: '[trigger] placeholders need exactly one trigger word: ai-toolkit gets no trigger_word with several (it would add them to every caption again)' });
  }
  const rewritten = format === 'ai-toolkit' ? aiToolkitRewrites(path.resolve(request.to)) : null;
  if (rewritten) return err({ kind: 'invalid-argument', message: `ai-toolkit would not find the export: its path holds ${rewritten}; choose another folder` });
  const destination = await checkDestination(dataset.root, request.to, opts.confine);
  if (!destination.ok) return destination;
  const to = path.resolve(request.to);

  const settings = dataset.settings();
  const selection = selectImages(dataset, format);
  if (selection.items.length === 0) {
    return err({ kind: 'nothing-to-export', message: `nothing to export: no image has a caption that ${TRAINER_NAMES[format]} would read` });
  }
  // kohya: a folder named `<N>_…` keeps its N (kohya.ts), so the repeats are computed for the rest.
  const plan = format === 'kohya' ? kohyaRepeatsFor(options, countByFolder(selection.items)) : repeatsFor(options, selection.items.length);
  const kohyaFolders = format === 'kohya' && request.kohyaFolders;
  const folderName = kohyaFolders ? kohyaFolderName(plan.repeats, settings.triggerWords, options.classWord) : 'images';
  // A top-level folder already named `<N>_…` is kohya's own layout: it goes to <to>/ as it is (and
  // keeps its N), not nested again under <repeats>_<trigger> <class>/.
  const ownRepeats = (item: ExportItem) => kohyaFolders && item.relPath.includes('/') && folderRepeats(item.relPath.split('/')[0]!) !== null;
  const nested = kohyaFolders && selection.items.some(ownRepeats);
  const destRel = (item: ExportItem, rel: string) => (nested && !ownRepeats(item) ? `${folderName}/${rel}` : rel);
  const imagesDirName = nested ? '' : folderName;
  const captionExtension = format === 'onetrainer' ? '.txt' : settings.captionExtension;
  // kohya copies: `trigger ||| tags ||| sentences`, so its shuffle moves only the tags (kohya.ts).
  const separated = format === 'kohya' && options.shuffleCaption;
  const captionFor = (text: string) =>
    `${separated ? kohyaSeparatedCaption(text, settings.triggerWords) : trainerCaption(text, { triggerWords: settings.triggerWords, placeholders: request.placeholders })}\n`;

  let stage: string | null = null;
  try {
    stage = await createStaging(to, destination.value.exists);
    const stagedImages = imagesDirName ? path.join(stage, imagesDirName) : stage;
    const bake = request.format === 'kohya' && request.bakeRotation;
    const copied = await copyAll(dataset.root, stagedImages, selection.items, (item) => destRel(item, item.destRelPath), { maxSide: request.maxSide, bakeRotation: bake }, opts.onProgress);
    const skipped = [...selection.skipped, ...copied.skipped];
    if (copied.exported.length === 0) {
      await fs.promises.rm(stage, { recursive: true, force: true });
      return err({ kind: 'nothing-to-export', message: `nothing exported: every image was skipped (${skipped[0]?.id}: ${skipped[0]?.reason})` });
    }

    // One caption per caption file: two images sharing a basename (a.png + a.jpg) share a.txt.
    const captions = new Map<string, string>();
    for (const item of copied.exported) {
      const rel = destRel(item, item.captionRelPath.slice(0, -settings.captionExtension.length) + captionExtension);
      captions.set(rel, captionFor(item.caption));
    }
    for (const [rel, text] of captions) await fs.promises.writeFile(toAbsolute(stagedImages, rel), text, { flag: 'wx' });

    const imagesDir = imagesDirName ? path.join(to, imagesDirName) : to;
    const configFile = path.join(to, CONFIG_FILE_NAMES[format]);
    const input = {
      datasetName: path.basename(dataset.root),
      imagesDir,
      imageCount: copied.exported.length,
      triggerWords: settings.triggerWords,
      captionExtension,
      options,
      folders: [...new Set(copied.exported.map((i) => folderOf(destRel(i, i.relPath))))],
      captions: copied.exported.map((i) => ({ folder: folderOf(destRel(i, i.relPath)), text: i.caption })),
      keepTokensSeparator: separated,
    };
    await fs.promises.writeFile(path.join(stage, CONFIG_FILE_NAMES[format]), configFileText(format, input, plan), { flag: 'wx' });

    await commitStaging(stage, to, destination.value.exists);
    stage = null;
    return ok({ to, imagesDir, images: copied.exported.length, captions: captions.size, skipped, configFile });
  } catch (e) {
    return err({ kind: 'io', message: `export to ${to} failed: ${errnoLine(e)}` });
  } finally {
    if (stage) await fs.promises.rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Images per folder of the dataset ('' = its root): in an export each keeps its folder under the images folder. */
function countByFolder(items: readonly ExportItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[folderOf(item.relPath)] = (counts[folderOf(item.relPath)] ?? 0) + 1;
  return counts;
}

async function copyAll(
  root: string,
  destDir: string,
  items: readonly ExportItem[],
  destRel: (item: ExportItem) => string,
  copy: { maxSide: number | null; bakeRotation: boolean },
  onProgress?: (p: Progress) => void,
): Promise<{ exported: ExportItem[]; skipped: Array<{ id: string; reason: string }> }> {
  for (const folder of new Set(items.map((i) => folderOf(destRel(i))))) {
    await fs.promises.mkdir(folder ? toAbsolute(destDir, folder) : destDir, { recursive: true });
  }
  const outcome: Array<string | null> = new Array<string | null>(items.length);
  const realRoot = await fs.promises.realpath(root);
  let done = 0;
  // Resizing decodes on libuv threads (2 cores here); plain copies are I/O bound and go wider.
  const { maxSide } = copy;
  await forEachLimit(items, maxSide === null ? 8 : 2, async (item, index) => {
    const source = await sourceInside(realRoot, toAbsolute(root, item.relPath));
    outcome[index] = source.ok ? await copyImage(source.path, toAbsolute(destDir, destRel(item)), maxSide, { png: item.toPng, bakeRotation: copy.bakeRotation }) : source.reason;
    onProgress?.({ phase: 'export', done: ++done, total: items.length });
  });
  const exported: ExportItem[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  items.forEach((item, i) => {
    const reason = outcome[i];
    if (reason) skipped.push({ id: item.relPath, reason });
    else exported.push(item);
  });
  return { exported, skipped };
}

/**
 * The real file behind an image, or why it is not copied. The scan keeps symlinked image files, and
 * a dataset from elsewhere may hold one pointing at any file of this user's (the web server's
 * /media route refuses those): an export must not carry such a file out in a copy. The real path is
 * what gets copied, so a link changed after this check cannot redirect the read.
 */
async function sourceInside(realRoot: string, abs: string): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  let real: string;
  try {
    real = await fs.promises.realpath(abs);
  } catch (e) {
    return { ok: false, reason: `cannot read the image (${errnoLine(e)})` };
  }
  if (!isRealInside(realRoot, real)) {
    // The target is not named: in web mode this line goes to the client.
    return { ok: false, reason: 'a symbolic link to a file outside the dataset; not exported' };
  }
  return { ok: true, path: real };
}
