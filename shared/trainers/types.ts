import * as z from 'zod';

/*
 * Handoff to trainers: the options a user picks once, from which the kohya sd-scripts dataset TOML,
 * the ai-toolkit dataset YAML section and the OneTrainer concept JSON are generated (shared/trainers/),
 * and what an export of a copy of the dataset is asked to do (electron/core/export/).
 */

export const TRAINER_FORMATS = ['kohya', 'ai-toolkit', 'onetrainer'] as const;
export type TrainerFormat = (typeof TRAINER_FORMATS)[number];

export const TrainerOptionsSchema = z.object({
  /** Times each image is seen per epoch (kohya's folder prefix, OneTrainer's repeats). null: computed from targetSteps. */
  repeats: z.number().int().min(1).max(10_000).nullable().default(null),
  /** For the repeats calculator: total optimizer steps wanted. */
  targetSteps: z.number().int().min(1).max(10_000_000).default(1500),
  epochs: z.number().int().min(1).max(10_000).default(10),
  batchSize: z.number().int().min(1).max(1024).default(1),
  /** The class word of kohya's `<repeats>_<trigger> <class>` folder name (e.g. woman, dog, style). */
  classWord: z.string().max(100).default(''),
  resolution: z.number().int().min(64).max(8192).default(1024),
  shuffleCaption: z.boolean().default(true),
  /** kohya --max_token_length: 75 (default), 150 or 225. */
  maxTokenLength: z.union([z.literal(75), z.literal(150), z.literal(225)]).default(75),
});
export type TrainerOptions = z.infer<typeof TrainerOptionsSchema>;

/**
 * One trainer's share of the handoff. Trainers load different images from the same folder (image
 * extensions and their case, subfolders, images without a caption), so each has its own count, and
 * the repeats and steps are computed on it.
 */
export const TrainerPlanSchema = z.object({
  /** Images the trainer loads, by its own loading rules (for an export: the images copied for it). */
  images: z.number().int().min(0),
  /** Repeats per image per epoch that its config sets; null: the trainer counts steps, not repeats (ai-toolkit). */
  repeats: z.number().int().min(1).nullable(),
  /** What was counted and how the repeats and steps follow from it. */
  repeatsReason: z.string(),
  /** One line each: settings chosen from the captions, and problems that stop training, that the config cannot explain itself (OneTrainer's JSON has no comments). */
  notes: z.array(z.string()),
});
export type TrainerPlan = z.infer<typeof TrainerPlanSchema>;

export const TrainerConfigsSchema = z.object({
  plans: z.object({ kohya: TrainerPlanSchema, 'ai-toolkit': TrainerPlanSchema, onetrainer: TrainerPlanSchema }),
  /** kohya folder name `<repeats>_<trigger> <class>` (with kohya's repeats). */
  kohyaFolder: z.string(),
  kohya: z.string(),
  aiToolkit: z.string(),
  oneTrainer: z.string(),
});
export type TrainerConfigs = z.infer<typeof TrainerConfigsSchema>;

export const ExportRequestSchema = z.object({
  /** Destination folder: must not exist yet, or be empty. The originals are never touched. */
  to: z.string().min(1),
  format: z.enum(TRAINER_FORMATS),
  options: TrainerOptionsSchema.default(() => TrainerOptionsSchema.parse({})),
  /** ai-toolkit: write `[trigger]` in place of the trigger words (it substitutes trigger_word). */
  placeholders: z.boolean().default(false),
  /** Resize images so the longest side is at most this (null: copy files as they are). */
  maxSide: z.number().int().min(64).max(16384).nullable().default(null),
  /** kohya: put the images in a `<repeats>_<trigger> <class>` subfolder. */
  kohyaFolders: z.boolean().default(true),
  /**
   * kohya: a photo whose EXIF orientation tag turns it is written with the turn applied to its pixels
   * (kohya ignores the tag and would train it sideways). ai-toolkit and OneTrainer apply the tag
   * themselves, so their copies stay byte for byte.
   */
  bakeRotation: z.boolean().default(true),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const ExportResultSchema = z.object({
  to: z.string(),
  /** Folder the images and captions went into (inside `to`). */
  imagesDir: z.string(),
  images: z.number(),
  captions: z.number(),
  /** Images skipped, with the reason (e.g. unreadable when resizing). */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** Config file written next to the data (dataset.toml, dataset.yaml or concept.json). */
  configFile: z.string(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;
