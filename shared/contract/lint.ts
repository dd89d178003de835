import { z } from 'zod';
import { LintReportSchema } from '../lint/types.ts';
import { ExportRequestSchema, ExportResultSchema, TrainerConfigsSchema, TrainerOptionsSchema } from '../trainers/types.ts';

/** Caption lint and the trainer handoff. */
export const lintChannels = {
  /** Lints every caption; `images` also looks for the same picture twice (perceptual hashes, cached). */
  'lint.run': { request: z.object({ images: z.boolean().default(true) }).strict(), response: LintReportSchema },
  /** The trainer-side configuration for the dataset as it stands. */
  'trainer.configs': { request: z.object({ options: TrainerOptionsSchema }).strict(), response: TrainerConfigsSchema },
  /** Copies images + captions to a new folder laid out for one trainer, with its config file. */
  'export.run': { request: ExportRequestSchema.strict(), response: ExportResultSchema },
} as const;
