import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { AutoCaptionSettingsSchema } from '../../../shared/autocaption/config.ts';
import { JobFailureSchema, JobProposalSchema } from '../../../shared/contract/jobs.ts';
import { JournalSummarySchema } from '../../../shared/contract/models.ts';
import type { Shard } from '../../../shared/autocaption/shard.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { isErrno } from '../fs/errno.ts';
import { tagsmithDir } from '../settings/settings.ts';

/*
 * The job's durable state: which images it covers and every result so far. Captions are written only
 * when the job ends (one journal entry, one undo), so this file is what makes a job resumable: after a
 * crash or a restart, finished images are not tagged or described again. Kept in .tagsmith/ (JSON
 * only, never picked up by a trainer).
 */

export const ImageResultSchema = z.object({
  /** Tags from the tagger stage (absent when the job runs without a tagger or not yet tagged). */
  tags: z.array(z.string()).optional(),
  /** Cleaned sentences from the describe stage. */
  sentences: z.string().optional(),
  /** Why the sentences are not quite what was asked (e.g. fewer than N). */
  note: z.string().optional(),
});
export type ImageResult = z.infer<typeof ImageResultSchema>;

export const JobRecordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  settings: AutoCaptionSettingsSchema,
  /** The dataset's prompt settings when the job started (a resumed job describes like it began). */
  prompt: z.object({ focus: z.string(), context: z.string(), sentences: z.number() }),
  /** Images to process, relative paths, in dataset order. */
  ids: z.array(z.string()),
  /** How many images the job left alone because they had a caption (mode skip). */
  skipped: z.number(),
  results: z.record(z.string(), ImageResultSchema),
  failures: z.array(JobFailureSchema),
  /** running: in progress (if found at open, it was interrupted); paused; finished; failed. */
  state: z.enum(['running', 'paused', 'finished', 'failed']),
  message: z.string(),
  entry: JournalSummarySchema.nullable(),
  written: z.number(),
  unchanged: z.number(),
  /** Results wait for Accept / Discard (a single-image re-caption); records from before this field have none. */
  review: z.boolean().default(false),
  /** A review job's merged captions, exactly what Accept writes. */
  proposal: z.array(JobProposalSchema).nullable().default(null),
  /** A sharded CLI run (`--shard i/n`): its record has a file of its own (jobRecordPath). */
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/**
 * The editor's job and an unsharded CLI run share one record (one job at a time per dataset); each
 * shard of a sharded run has its own, so n machines working on one folder each resume only their part.
 */
export const jobRecordPath = (root: string, shard?: Shard): string =>
  path.join(tagsmithDir(root), 'jobs', shard ? `autocaption.shard-${shard.index}-of-${shard.count}.json` : 'autocaption.json');

/** Reads the dataset's job record; a missing file is null, an unreadable one is reported and treated as none. */
export async function loadJobRecord(root: string, shard?: Shard): Promise<{ record: JobRecord | null; problem?: string }> {
  let text: string;
  try {
    text = await fs.promises.readFile(jobRecordPath(root, shard), 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { record: null };
    return { record: null, problem: `cannot read the unfinished auto-caption job: ${(e as Error).message}` };
  }
  try {
    const parsed = JobRecordSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { record: parsed.data };
    return { record: null, problem: 'the saved auto-caption job is from another version or damaged; it was ignored' };
  } catch {
    return { record: null, problem: 'the saved auto-caption job is not valid JSON; it was ignored' };
  }
}

export async function saveJobRecord(root: string, record: JobRecord): Promise<void> {
  const file = jobRecordPath(root, record.shard);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // No fsync per save: a save lost to a power cut only costs redoing a few images on resume.
  await writeFileAtomic(file, JSON.stringify(record) + '\n', { fsync: false });
}

export async function deleteJobRecord(root: string, shard?: Shard): Promise<void> {
  await fs.promises.rm(jobRecordPath(root, shard), { force: true });
}

/**
 * Saves at most every `intervalMs`, always the latest record, and never two writes at once: a job
 * finishing hundreds of images a second must not turn into hundreds of file writes.
 */
export class RecordSaver {
  private pending: JobRecord | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly root: string, private readonly intervalMs = 1000) {}

  schedule(record: JobRecord): void {
    this.pending = record;
    if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.intervalMs);
  }

  /** Writes the latest record now (and waits for any write in progress). */
  async flush(record?: JobRecord): Promise<void> {
    if (record) this.pending = record;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.pending;
    this.pending = null;
    // A failed write must not poison later ones; the caller of flush() still sees its own failure.
    this.writing = this.writing.catch(() => undefined).then(() => (next ? saveJobRecord(this.root, next) : undefined));
    await this.writing;
  }
}
