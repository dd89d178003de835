import * as z from 'zod';
import { LintReportSchema } from '../lint/types.ts';
import { ExportRequestSchema, ExportResultSchema, TrainerConfigsSchema, TrainerOptionsSchema } from '../trainers/types.ts';

/** Caption lint and the trainer handoff. */
export const lintChannels = {
  /** Lints every caption; `images` also looks for the same picture twice (perceptual hashes, cached). */
  'lint.run': { request: z.object({ images: z.boolean().default(true) }).strict(), response: LintReportSchema },
  /**
   * CLIP tokens of each text as kohya's tokenizer counts them (BPE with the shipped or the user's
   * vocabulary, ftfy-like cleaning), without BOS/EOS; `exact` false when no vocabulary could be read.
   */
  'tokens.count': {
    request: z.object({ texts: z.array(z.string().max(100_000)).max(1000) }).strict(),
    response: z.object({ counts: z.array(z.number()), exact: z.boolean() }),
  },
  /** The trainer-side configuration for the dataset as it stands. */
  'trainer.configs': { request: z.object({ options: TrainerOptionsSchema }).strict(), response: TrainerConfigsSchema },
  /** Copies images + captions to a new folder laid out for one trainer, with its config file. */
  'export.run': { request: ExportRequestSchema.strict(), response: ExportResultSchema },
} as const;
