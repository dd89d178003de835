import * as z from '../../../shared/schema/zod-mini.ts';

export const FileChangeSchema = z.object({
  path: z.string(),
  /** null: the file did not exist. */
  before: z.nullable(z.string()),
  /** null: the file is deleted. */
  after: z.nullable(z.string()),
});
export type FileChange = z.infer<typeof FileChangeSchema>;

export const SettingsChangeSchema = z.object({
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});

export const JournalEntrySchema = z.object({
  id: z.string(),
  seq: z.int().check(z.positive()),
  time: z.string(),
  label: z.string(),
  ops: z.optional(z.unknown()),
  settings: z.optional(SettingsChangeSchema),
  files: z.array(FileChangeSchema),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const EntrySummarySchema = z.object({
  seq: z.int().check(z.positive()),
  time: z.string(),
  label: z.string(),
  files: z.int().check(z.nonnegative()),
  bytes: z.int().check(z.nonnegative()),
});
export type EntrySummary = z.infer<typeof EntrySummarySchema>;

/**
 * head: seq of the last applied entry (0 = none). top: seq of the newest entry that belongs to the
 * history (entries head+1..top are the redo branch). An entry file above top is debris from a crash
 * between writing the entry and writing the pending marker: nothing was applied, it is deleted.
 * entries: summaries, so history() never has to read the (possibly large) entry files.
 */
export const JournalStateSchema = z.object({
  version: z._default(z.literal(1), 1),
  head: z.int().check(z.nonnegative()),
  top: z.int().check(z.nonnegative()),
  entries: z.array(EntrySummarySchema),
});
export type JournalState = z.infer<typeof JournalStateSchema>;

export const PendingMarkerSchema = z.object({
  seq: z.int().check(z.positive()),
  /** apply: files go before -> after (edit or redo). revert: after -> before (undo). */
  direction: z.enum(['apply', 'revert']),
});
export type PendingMarker = z.infer<typeof PendingMarkerSchema>;

export const entryId = (seq: number): string => String(seq).padStart(10, '0');
