import path from 'node:path';
import { trainerConfigs } from '../../../shared/trainers/index.ts';
import type { TrainerConfigs, TrainerOptions } from '../../../shared/trainers/types.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { folderOf, selectImages } from './select.ts';

/**
 * The trainers' configs for training on the dataset folder as it stands (no export): the images
 * are read where they are, and the repeats are counted on the images that have a caption.
 */
export function datasetTrainerConfigs(dataset: Dataset, options: TrainerOptions): TrainerConfigs {
  const { items } = selectImages(dataset, null);
  const settings = dataset.settings();
  return trainerConfigs({
    datasetName: path.basename(dataset.root),
    imagesDir: dataset.root,
    imageCount: items.length,
    triggerWords: settings.triggerWords,
    captionExtension: settings.captionExtension,
    options,
    folders: [...new Set(items.map((i) => folderOf(i.relPath)))],
    captions: items.map((i) => ({ folder: folderOf(i.relPath), text: i.caption })),
  });
}
