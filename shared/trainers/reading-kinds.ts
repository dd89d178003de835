// The names a trainer reading is reported in, apart from the reading itself: the contract's schemas
// need them, and reading.ts brings each trainer's config reader (ai-toolkit's YAML), which the
// editor's start has no use for.

/**
 * Usable tokens per caption: kohya's max_token_length (75 by default; 150 and 225 run CLIP over 2 or
 * 3 windows of 75, FACTS 68) and T5's 512, which ai-toolkit encodes for Flux and SD3.
 */
export const MAX_TOKEN_LENGTHS = [75, 150, 225, 512] as const;
export type MaxTokenLength = (typeof MAX_TOKEN_LENGTHS)[number];

/**
 * How the trainer is pointed at the folder: Tagsmith's configs (one kohya subset per folder,
 * OneTrainer include_subdirectories); the folder alone (one kohya image_dir, OneTrainer without
 * subfolders); kohya's --train_data_dir (kohya_ss's <repeats>_<class> subfolders). ai-toolkit always
 * walks the whole folder.
 */
export const TRAINER_LAYOUTS = ['configs', 'folder-only', 'train-data-dir'] as const;
export type TrainerLayout = (typeof TRAINER_LAYOUTS)[number];

/** The reading options a layout sets (ReadingInput's rootOnly and trainDataDir). */
export const layoutOptions = (layout: TrainerLayout): { rootOnly: boolean; trainDataDir: boolean } => ({
  rootOnly: layout === 'folder-only',
  trainDataDir: layout === 'train-data-dir',
});

/** Every kind of finding, in the order a report lists them (within blockers, then within warnings). */
export const FINDING_KINDS = [
  'no-images',
  'caption-file-empty',
  'not-utf8',
  'caption-not-a-file',
  'uncaptioned',
  'ignored-caption-file',
  'empty-caption',
  'extra-lines',
  'bom',
  'trigger-prepended',
  'trigger-removed',
  'trigger-inside-word',
  'literal-placeholder',
  'over-token-limit',
  'unseen-image',
  'symlink-loop',
  'skipped-format',
  'skipped-subfolder',
  // From the images' pixels, not the captions: geometry-check.ts.
  'unreadable-image',
  'exif-rotated',
  'smaller-than-resolution',
  'bucket-below-batch',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
