import * as z from './schema/zod-mini.ts';
import { AutoCaptionSettingsSchema } from './autocaption/config.ts';
import { LintSettingsSchema } from './lint/types.ts';
import { cleanWords } from './tags/triggers.ts';

/** Keys 1-9 toggle the quick tags, so there are at most nine. */
export const MAX_QUICK_TAGS = 9;

export const CAPTION_EXTENSIONS = ['.txt', '.caption'] as const;

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const SEPARATOR_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * Per-dataset settings, stored in <dataset>/.tagsmith/settings.json. Loose: fields added by later
 * versions (or by hand) survive a read-modify-write by this version.
 */
export const DatasetSettingsSchema = z.looseObject({
  version: z._default(z.literal(1), 1),
  captionExtension: z._default(z.enum(CAPTION_EXTENSIONS), '.txt'),
  // Cleaned where they are read, once for every consumer (tag ops, lint, merge, trainer configs):
  // a hand-edited settings.json may hold ' ohwx ', blanks, repeats or 'a, b'.
  triggerWords: z._default(z.pipe(z.array(z.string()), z.transform((words: string[]) => cleanWords(words))), () => []),
  // A line break would split the caption file (trainers read line 1 only, or one line at random):
  // no control characters, no Unicode line or paragraph separators, and not empty (tags would merge).
  separator: z._default(
    z.string().check(
      z.minLength(1, 'the separator cannot be empty'),
      z.refine((v) => !SEPARATOR_FORBIDDEN.test(v), 'the separator cannot hold line breaks, tabs or other control characters'),
    ),
    ', ',
  ),
  focus: z._default(z.string(), ''),
  context: z._default(z.string(), ''),
  sentences: z._default(z.int().check(z.minimum(1), z.maximum(20)), 3),
  autoCaption: z._default(AutoCaptionSettingsSchema, () => AutoCaptionSettingsSchema.parse({})),
  lint: z._default(LintSettingsSchema, () => LintSettingsSchema.parse({})),
  /**
   * The quick tags a person pinned for this dataset (keys 1-9 toggle them). Empty: the editor offers
   * the dataset's most frequent camera-angle and pose tags instead.
   */
  quickTags: z._default(z.pipe(z.pipe(z.array(z.string()), z.transform((words: string[]) => cleanWords(words))), z.array(z.string()).check(z.maxLength(MAX_QUICK_TAGS))), () => []),
});
export type DatasetSettings = z.infer<typeof DatasetSettingsSchema>;
