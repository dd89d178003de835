import * as z from 'zod';
import { EditResultSchema } from './models.ts';

/*
 * Orphan captions: caption files whose image is gone (renamed, deleted, never copied). Trainers skip
 * them, so they are invisible work; the sidebar lists them to be read, deleted or given back to an
 * image. Both edits are journal entries like any other: one undo brings the file back.
 */

const captionPath = z.string().min(1).max(4096);

export const OrphanListSchema = z.object({
  /** Caption paths relative to the root, `/` separators, in path order. */
  paths: z.array(z.string()),
});
export type OrphanList = z.infer<typeof OrphanListSchema>;

export const OrphanTextSchema = z.object({
  path: z.string(),
  /** The whole file text (BOM kept as U+FEFF); null when it cannot be read as text. */
  text: z.string().nullable(),
  /** Why the text cannot be shown (e.g. not valid UTF-8). */
  error: z.string().optional(),
});
export type OrphanText = z.infer<typeof OrphanTextSchema>;

export const orphanChannels = {
  /** The caption files without an image, as the dataset now holds them. */
  'orphans.list': { request: z.object({}).strict(), response: OrphanListSchema },
  /** One orphan caption's text, for a read-only look. */
  'orphans.read': { request: z.object({ path: captionPath }).strict(), response: OrphanTextSchema },
  /** Deletes orphan captions as one journal entry (undo writes them back). */
  'orphans.delete': { request: z.object({ paths: z.array(captionPath).min(1).max(100_000) }).strict(), response: EditResultSchema },
  /**
   * Gives an orphan caption to an image that has none, as one journal entry: the image's caption file
   * is written with the orphan's text and the orphan file is deleted.
   */
  'orphans.attach': { request: z.object({ path: captionPath, imageId: z.string().min(1).max(4096) }).strict(), response: EditResultSchema },
} as const;
