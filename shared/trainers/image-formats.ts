import type { TrainerFormat } from './types.ts';

/** The one config file an export writes beside the data, by trainer. */
export const CONFIG_FILE_NAMES: Record<TrainerFormat, string> = {
  kohya: 'dataset.toml',
  'ai-toolkit': 'dataset.yaml',
  onetrainer: 'concept.json',
};

export const TRAINER_NAMES: Record<TrainerFormat, string> = {
  kohya: 'kohya sd-scripts',
  'ai-toolkit': 'ai-toolkit',
  onetrainer: 'OneTrainer',
};

/*
 * The image files each trainer picks up, from its source: an image it does not list is silently
 * left out of training, so an export says so instead of copying it.
 * - kohya: train_util.IMAGE_EXTENSIONS, globbed case-sensitively as all-lower or ALL-UPPER (.PNG yes,
 *   .Png no on Linux); .avif/.jxl only with optional Pillow plugins, so not counted on.
 * - ai-toolkit: data_loader.image_extensions, compared lowercased; files in a folder named `_controls`
 *   (at any depth) are control images and dropped from the training list (AiToolkitDataset.__init__).
 * - OneTrainer: path_util.SUPPORTED_IMAGE_EXTENSIONS, compared lowercased (.avif included: it pins
 *   Pillow 12.3, which decodes AVIF itself); names ending in -masklabel / -condlabel are masks and
 *   conditioning images, not training images.
 */
const READS: Record<TrainerFormat, readonly string[]> = {
  kohya: ['png', 'jpg', 'jpeg', 'webp', 'bmp'],
  'ai-toolkit': ['jpg', 'jpeg', 'png', 'webp'],
  onetrainer: ['bmp', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp', 'avif'],
};

/** Why `format` would not train on this image file (a name or '/'-separated path), or null when it would. */
export function unreadImageReason(format: TrainerFormat, fileName: string): string | null {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  const lower = ext.toLowerCase();
  const known = READS[format].includes(lower);
  const caseOk = format !== 'kohya' || ext === lower || ext === lower.toUpperCase();
  if (!known || !caseOk) return `${TRAINER_NAMES[format]} does not read .${ext} images`;
  if (format === 'ai-toolkit' && /(^|\/)_controls\/[^/]*$/.test(fileName)) {
    return 'ai-toolkit takes images in a _controls folder as control images, not training images';
  }
  if (format === 'onetrainer' && /-(masklabel|condlabel)$/.test(name.slice(0, dot))) {
    return 'OneTrainer takes names ending in -masklabel or -condlabel for masks, not training images';
  }
  return null;
}

/**
 * Image formats an export converts to PNG for a trainer that does not read them, rather than leave
 * the picture out: sharp decodes them, and PNG is lossless and read by every trainer.
 */
const CONVERTIBLE = new Set(['avif']);

/** How an export carries one image to `format`: copied as it is, converted to PNG beside its caption, or left out (why). */
export type ExportImagePlan = { kind: 'copy' } | { kind: 'png'; relPath: string } | { kind: 'skip'; reason: string };

export function exportImagePlan(format: TrainerFormat, relPath: string): ExportImagePlan {
  const reason = unreadImageReason(format, relPath);
  if (reason === null) return { kind: 'copy' };
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = name.slice(dot + 1).toLowerCase();
  // Only a format the trainer does not read at all: a name it refuses for another reason stays out.
  if (dot > 0 && CONVERTIBLE.has(ext) && !READS[format].includes(ext)) {
    return { kind: 'png', relPath: `${relPath.slice(0, relPath.length - name.length + dot)}.png` };
  }
  return { kind: 'skip', reason };
}
