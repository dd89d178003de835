import { z } from 'zod';
import { AutoCaptionSettingsSchema } from './autocaption/config.ts';
import { LintSettingsSchema } from './lint/types.ts';
import { cleanWords } from './tags/triggers.ts';

export const CAPTION_EXTENSIONS = ['.txt', '.caption'] as const;

/**
 * Per-dataset settings, stored in <dataset>/.tagsmith/settings.json. Loose: fields added by later
 * versions (or by hand) survive a read-modify-write by this version.
 */
export const DatasetSettingsSchema = z.looseObject({
  version: z.literal(1).default(1),
  captionExtension: z.enum(CAPTION_EXTENSIONS).default('.txt'),
  // Cleaned where they are read, once for every consumer (tag ops, lint, merge, trainer configs):
  // a hand-edited settings.json may hold ' ohwx ', blanks, repeats or 'a, b'.
  triggerWords: z.array(z.string()).transform(cleanWords).default(() => []),
  separator: z.string().default(', '),
  focus: z.string().default(''),
  context: z.string().default(''),
  sentences: z.number().int().min(1).max(20).default(3),
  autoCaption: AutoCaptionSettingsSchema.default(() => AutoCaptionSettingsSchema.parse({})),
  lint: LintSettingsSchema.default(() => LintSettingsSchema.parse({})),
});
export type DatasetSettings = z.infer<typeof DatasetSettingsSchema>;
