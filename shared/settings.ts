import { z } from 'zod';
import { AutoCaptionSettingsSchema } from './autocaption/config.ts';
import { LintSettingsSchema } from './lint/types.ts';
import { cleanWords } from './tags/triggers.ts';

/** Keys 1-9 toggle the quick tags, so there are at most nine. */
export const MAX_QUICK_TAGS = 9;

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
  /**
   * The quick tags a person pinned for this dataset (keys 1-9 toggle them). Empty: the editor offers
   * the dataset's most frequent camera-angle and pose tags instead.
   */
  quickTags: z.array(z.string()).transform(cleanWords).pipe(z.array(z.string()).max(MAX_QUICK_TAGS)).default(() => []),
});
export type DatasetSettings = z.infer<typeof DatasetSettingsSchema>;
