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
 * - ai-toolkit: data_loader.image_extensions, compared lowercased.
 * - OneTrainer: path_util.SUPPORTED_IMAGE_EXTENSIONS, compared lowercased; names ending in
 *   -masklabel / -condlabel are masks and conditioning images, not training images.
 */
const READS: Record<TrainerFormat, readonly string[]> = {
  kohya: ['png', 'jpg', 'jpeg', 'webp', 'bmp'],
  'ai-toolkit': ['jpg', 'jpeg', 'png', 'webp'],
  onetrainer: ['bmp', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp'],
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
  if (format === 'onetrainer' && /-(masklabel|condlabel)$/.test(name.slice(0, dot))) {
    return 'OneTrainer takes names ending in -masklabel or -condlabel for masks, not training images';
  }
  return null;
}
