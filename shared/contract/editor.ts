import * as z from 'zod';
import { EditorPrefsPatchSchema, UserPrefsSchema } from '../prefs/prefs.ts';

/*
 * The editing loop's own state that is not caption text: the per-user preferences (layout, view,
 * preview) and the per-dataset review marks ("reviewed n of N", `is:reviewed`).
 */

/** Review marks: which images a person has looked at and passed, kept in `.tagsmith/review.json`. */
export const ReviewChangeSchema = z.object({
  ids: z.array(z.string()).max(1_000_000),
  reviewed: z.boolean(),
});
export type ReviewChange = z.infer<typeof ReviewChangeSchema>;

export const editorChannels = {
  /** The per-user preferences (one config file per user, outside any dataset). */
  'prefs.get': { request: z.object({}).strict(), response: UserPrefsSchema },
  /** Merges a patch into the preferences and saves them; answers with the result. */
  'prefs.update': { request: z.object({ patch: EditorPrefsPatchSchema }).strict(), response: UserPrefsSchema },
  /**
   * Marks images reviewed (or not). Unknown ids are refused; the answer names the ids whose mark
   * really changed, and every client hears the same through `review.changed`.
   */
  'review.set': { request: ReviewChangeSchema.strict(), response: ReviewChangeSchema },
} as const;

export const editorEvents = {
  /** Review marks changed (this or another client). */
  'review.changed': ReviewChangeSchema,
} as const;
