import { z } from 'zod';
import { AutoCaptionSettingsSchema, LlmConfigSchema } from '../autocaption/config.ts';
import { BatchTargetSchema, JournalSummarySchema } from './models.ts';

/*
 * The auto-caption job as the renderer sees it. One job per dataset at a time; its snapshot is pushed
 * as `job.changed` while it runs (a few times a second at most) and can be fetched with `job.get`.
 */

export const JOB_STATES = [
  'preparing', // resolving / downloading the tagger model, checking the LLM
  'running',
  'cancelling',
  /** Stopped by the user or by a restart: results so far are kept; resume, save them, or discard. */
  'paused',
  /** Every image was processed and the results written as one journal entry (failures listed). */
  'finished',
  /** The job could not run at all (no model, bad settings): `message` says why. Nothing was written. */
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JobFailureSchema = z.object({
  id: z.string(),
  stage: z.enum(['tag', 'describe', 'merge']),
  message: z.string(),
});
export type JobFailure = z.infer<typeof JobFailureSchema>;

export const JobSnapshotSchema = z.object({
  id: z.string(),
  state: z.enum(JOB_STATES),
  /** One line: what is happening now, or why the job failed. */
  message: z.string(),
  mode: AutoCaptionSettingsSchema.shape.mode.unwrap(),
  total: z.number(),
  /** Images whose stages all finished (their result waits for the final write). */
  done: z.number(),
  failed: z.number(),
  /** Images left alone because they already had a caption (mode skip). */
  skipped: z.number(),
  tagged: z.number(),
  described: z.number(),
  /** Images in work right now (tagging or describing), for the grid's badges. */
  active: z.array(z.string()),
  failures: z.array(JobFailureSchema),
  /** Results kept with a remark (e.g. the model wrote fewer sentences than asked). */
  notes: z.array(z.object({ id: z.string(), message: z.string() })),
  startedAt: z.string(),
  /** Estimated milliseconds left, from the pace so far; null until it can be estimated. */
  etaMs: z.number().nullable(),
  /** Set while a model downloads. */
  download: z.object({ file: z.string(), bytes: z.number(), total: z.number().nullable() }).nullable(),
  /** Set once results are written: the one journal entry that undo reverses. */
  entry: JournalSummarySchema.nullable(),
  written: z.number(),
  /** Results that changed no caption (e.g. append mode with nothing new). */
  unchanged: z.number(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

export const JobStartSchema = z.object({
  target: BatchTargetSchema,
  /** Full settings for this job; also saved as the dataset's defaults when `remember` is set. */
  settings: AutoCaptionSettingsSchema,
  remember: z.boolean().default(true),
}).strict();

export const LlmCheckSchema = z.object({ ok: z.boolean(), message: z.string(), models: z.array(z.string()) });
export type LlmCheck = z.infer<typeof LlmCheckSchema>;

export const TaggerModelListSchema = z.array(z.object({
  id: z.string(),
  repo: z.string(),
  version: z.string(),
  /** Folder holding the model on this machine, or null (downloaded on first use). */
  dir: z.string().nullable(),
}));

export const jobChannels = {
  /** Start auto-captioning (refused while another job is running or paused: resume or discard it first). */
  'job.start': { request: JobStartSchema, response: JobSnapshotSchema },
  /** The current or last job, or null. */
  'job.get': { request: z.object({}).strict(), response: JobSnapshotSchema.nullable() },
  'job.cancel': { request: z.object({}).strict(), response: JobSnapshotSchema.nullable() },
  /** Continue a paused job; finished images are not done again. `retryFailed` also redoes failed ones. */
  'job.resume': { request: z.object({ retryFailed: z.boolean().default(false) }).strict(), response: JobSnapshotSchema },
  /** Write the results of a paused job as they stand (one journal entry). */
  'job.commit': { request: z.object({}).strict(), response: JobSnapshotSchema },
  /** Drop a paused job and its results; captions are untouched. */
  'job.discard': { request: z.object({}).strict(), response: z.null() },
  /** "Test connection": is the LLM server reachable and does it have the model. */
  'llm.check': { request: z.object({ llm: LlmConfigSchema }).strict(), response: LlmCheckSchema },
  /** Known tagger models and where each is on this machine. */
  'models.list': { request: z.object({}).strict(), response: TaggerModelListSchema },
} as const;

export const jobEvents = {
  'job.changed': JobSnapshotSchema,
} as const;
