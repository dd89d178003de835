import * as z from 'zod';
import { DatasetSettingsSchema } from '../settings.ts';
import { TagOpSchema } from '../tags/ops.ts';

/*
 * The data that crosses the boundary between the backend (Electron main or the web server) and the
 * renderer. Plain JSON values only. Images are identified by their path relative to the dataset root
 * with `/` separators (`id`), which is also what the media routes take.
 */

export const ImageItemSchema = z.object({
  /** Image path relative to the dataset root, `/` separators. */
  id: z.string(),
  /** Caption file path relative to the root (it may not exist yet). */
  captionPath: z.string(),
  /** Full caption file text (BOM kept as U+FEFF, all lines), or null when there is no caption file. */
  caption: z.string().nullable(),
  /** Why the caption cannot be edited (e.g. not valid UTF-8); such a caption is never written. */
  captionError: z.string().optional(),
});
export type ImageItem = z.infer<typeof ImageItemSchema>;

export const JournalSummarySchema = z.object({
  id: z.string(),
  seq: z.number(),
  time: z.string(),
  label: z.string(),
  files: z.number(),
  applied: z.boolean(),
});
export type JournalSummary = z.infer<typeof JournalSummarySchema>;

export const HistoryInfoSchema = z.object({
  entries: z.array(JournalSummarySchema),
  /** seq of the last applied entry (0: nothing applied). */
  head: z.number(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type HistoryInfo = z.infer<typeof HistoryInfoSchema>;

export const DatasetInfoSchema = z.object({
  root: z.string(),
  /** Folder name, for titles. */
  name: z.string(),
  settings: DatasetSettingsSchema,
  orphanCaptions: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Set when the open finished an interrupted batch (one line for the user). */
  recovery: z.string().nullable(),
});
export type DatasetInfo = z.infer<typeof DatasetInfoSchema>;

export const DatasetSnapshotSchema = z.object({
  info: DatasetInfoSchema,
  images: z.array(ImageItemSchema),
  history: HistoryInfoSchema,
  /** Ids of the images marked reviewed (`.tagsmith/review.json`), existing images only. */
  reviewed: z.array(z.string()),
  /** How many events the session had sent when this was taken (hello.ts: the page's early snapshot). */
  eventSeq: z.number().int().nonnegative(),
});
export type DatasetSnapshot = z.infer<typeof DatasetSnapshotSchema>;

export const ConflictSchema = z.object({ path: z.string(), reason: z.string() });
export type Conflict = z.infer<typeof ConflictSchema>;

/** What every mutation returns: the journal entry, what was written, and the images as they now are. */
export const EditResultSchema = z.object({
  entry: JournalSummarySchema.nullable(),
  written: z.number(),
  conflicts: z.array(ConflictSchema),
  /** Updated state of every image whose caption the mutation touched (or tried to). */
  images: z.array(ImageItemSchema),
  history: HistoryInfoSchema,
});
export type EditResult = z.infer<typeof EditResultSchema>;

/** Which images a batch applies to. */
export const BatchTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('filter'), query: z.string() }),
  z.object({ kind: z.literal('ids'), ids: z.array(z.string()).max(1_000_000) }),
]);
export type BatchTarget = z.infer<typeof BatchTargetSchema>;

/** The most tag operations one batch edit takes. */
export const MAX_BATCH_OPS = 100;

export const BatchRequestSchema = z.object({
  target: BatchTargetSchema,
  ops: z.array(TagOpSchema).min(1).max(MAX_BATCH_OPS),
  /** Also create captions for targeted images that have none (default: they are left alone). */
  createMissing: z.boolean().optional(),
});
export type BatchRequest = z.input<typeof BatchRequestSchema>;

export const BatchPreviewSchema = z.object({
  selected: z.number(),
  /** Selected images without a caption; the ops leave them alone unless the request asks createMissing. */
  uncaptioned: z.number(),
  /** `after: null`: the edit leaves the caption blank, so its file is deleted (undo restores it). */
  changes: z.array(z.object({ id: z.string(), captionPath: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  refused: z.array(ConflictSchema),
  triggerWords: z.array(z.string()),
  triggerWordsChanged: z.boolean(),
});
export type BatchPreview = z.infer<typeof BatchPreviewSchema>;

export const VocabularyTagSchema = z.object({ name: z.string(), count: z.number(), category: z.number() });
export const VocabularySchema = z.object({
  /** Where the vocabulary came from (e.g. `selected_tags.csv`), or null when none is present. */
  source: z.string().nullable(),
  tags: z.array(VocabularyTagSchema),
});
export type Vocabulary = z.infer<typeof VocabularySchema>;
