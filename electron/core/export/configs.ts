import path from 'node:path';
import { readDataset, trainerConfigs, trainerLoad, type TrainerLoad } from '../../../shared/trainers/index.ts';
import { TRAINER_FORMATS, type TrainerConfigs, type TrainerFormat, type TrainerOptions } from '../../../shared/trainers/types.ts';
import { readingInput } from '../check/trainer-check.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { folderOf, selectImages } from './select.ts';

/**
 * The trainers' configs for training on the dataset folder as it stands (no export): the images
 * are read where they are. Each trainer's repeats and steps are counted on the images it loads
 * from the folder by its own rules (shared/trainers/load.ts), listed once and read per trainer.
 */
export async function datasetTrainerConfigs(dataset: Dataset, options: TrainerOptions): Promise<TrainerConfigs> {
  const { items } = selectImages(dataset, null);
  const settings = dataset.settings();
  const input = await readingInput(dataset, { classWord: options.classWord });
  const captions = items.map((i) => ({ image: i.relPath, captionFile: i.captionRelPath, text: i.caption }));
  const loads = Object.fromEntries(
    TRAINER_FORMATS.map((format) => [format, trainerLoad(readDataset(input, format), captions, settings.triggerWords)]),
  ) as Record<TrainerFormat, TrainerLoad>;
  return trainerConfigs(
    {
      datasetName: path.basename(dataset.root),
      imagesDir: dataset.root,
      imageCount: items.length,
      triggerWords: settings.triggerWords,
      captionExtension: settings.captionExtension,
      options,
      folders: [...new Set(items.map((i) => folderOf(i.relPath)))],
      captions: items.map((i) => ({ folder: folderOf(i.relPath), text: i.caption })),
    },
    loads,
  );
}
