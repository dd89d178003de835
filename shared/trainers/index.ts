export { trainerConfigs } from './configs.ts';
export { repeatsFor } from './repeats.ts';
export { kohyaFolderName, kohyaClassTokens, kohyaToml } from './kohya.ts';
export { aiToolkitYaml, aiToolkitResolutions, aiToolkitTriggerWord } from './ai-toolkit.ts';
export { oneTrainerConcept } from './onetrainer.ts';
export { trainerCaption, TRIGGER_PLACEHOLDER } from './caption.ts';
export { unreadImageReason, CONFIG_FILE_NAMES, TRAINER_NAMES } from './image-formats.ts';
export { joinPath, type TrainerConfigInput } from './input.ts';
export { readDataset, aiToolkitCaption, type ReadingInput, type TrainerReading, type ImageReading, type ReadingFinding } from './reading.ts';
