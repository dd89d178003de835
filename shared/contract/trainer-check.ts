import * as z from 'zod';
import { TRAINER_FIX_KINDS } from '../trainers/fixes.ts';
import type { TrainerCheck } from '../trainers/geometry-check.ts';
import { FINDING_KINDS, MAX_TOKEN_LENGTHS, TRAINER_LAYOUTS } from '../trainers/reading-kinds.ts';
import { TRAINER_FORMATS } from '../trainers/types.ts';
import { EditResultSchema } from './models.ts';

/*
 * The pre-training check in the editor: what one trainer loads from the folder in place and the exact
 * text it encodes (shared/trainers/reading.ts), its aspect-ratio buckets (geometry-check.ts), and the
 * journaled one-click fixes for mechanical blockers (electron/core/check/fixes.ts). The same code
 * answers `tagsmith check`, so the CLI and the panel never disagree.
 */

const SizeSchema = z.object({ width: z.number(), height: z.number() });
const SizedSchema = SizeSchema.extend({ image: z.string() });
const RangeSchema = z.object({ min: z.number(), max: z.number() });
const BinSchema = z.object({ label: z.string(), from: z.number(), to: z.number().nullable(), count: z.number() });

const FindingSchema = z.object({
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(['blocker', 'warning']),
  message: z.string(),
  images: z.array(z.string()),
});

export const TrainerCheckSchema = z.object({
  trainer: z.enum(TRAINER_FORMATS),
  captionExtension: z.string(),
  counts: z.object({ loaded: z.number(), captioned: z.number(), uncaptioned: z.number(), skipped: z.number() }),
  findings: z.array(FindingSchema),
  images: z.array(
    z.object({
      image: z.string(),
      skipped: z.string().nullable(),
      captionFile: z.string().nullable(),
      source: z.enum(['caption', 'class-tokens', 'none']),
      trained: z.array(z.string()),
      tokens: z.number().optional(),
    }),
  ),
  geometry: z.object({
    resolution: z.number(),
    resolutions: z.array(z.number()),
    batchSize: z.number(),
    buckets: z.array(z.object({ resolution: z.number(), width: z.number(), height: z.number(), images: z.array(z.string()) })),
    images: z.array(z.object({ image: z.string(), resolution: z.number(), bucket: SizeSchema, resized: SizeSchema, scale: z.number() })),
    unreadable: z.array(z.object({ image: z.string(), reason: z.string() })),
    pictures: z.object({
      width: RangeSchema.nullable(),
      height: RangeSchema.nullable(),
      smallest: SizedSchema.nullable(),
      largest: SizedSchema.nullable(),
      megapixels: z.object({ min: z.number(), median: z.number(), max: z.number() }).nullable(),
      megapixelHistogram: z.array(BinSchema),
      aspectHistogram: z.array(BinSchema),
    }),
  }),
});

// The schema and the type the check code returns must not drift apart: both directions are checked.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof TrainerCheckSchema>, TrainerCheck> = true;
void sameShape;

export const TrainerCheckRequestSchema = z
  .object({
    trainer: z.enum(TRAINER_FORMATS),
    resolution: z.number().int().min(64).max(8192).default(1024),
    batchSize: z.number().int().min(1).max(1024).default(1),
    /** Usable tokens of the text encoder: CLIP 75 / 150 / 225 (kohya's max_token_length), T5 512. */
    maxTokenLength: z.literal(MAX_TOKEN_LENGTHS).default(75),
    layout: z.enum(TRAINER_LAYOUTS).default('configs'),
  })
  .strict()
  .refine((r) => r.layout !== 'train-data-dir' || r.trainer === 'kohya', { message: '--train_data_dir is a kohya layout', path: ['layout'] });

export const trainerCheckChannels = {
  /** What the trainer would load and train from the folder as it is on disk now; writes nothing. */
  'trainer.check': { request: TrainerCheckRequestSchema, response: TrainerCheckSchema },
  /** Applies the chosen fixes as one journal entry (one undo); `summary` says what was done. */
  'trainer.fix': {
    request: z.object({ trainer: z.enum(TRAINER_FORMATS), fixes: z.array(z.enum(TRAINER_FIX_KINDS)).min(1), layout: z.enum(TRAINER_LAYOUTS).default('configs') }).strict(),
    response: EditResultSchema.extend({ summary: z.string() }),
  },
} as const;
